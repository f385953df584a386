#pragma once
// Son of Grid Engine / gridengine: make the scheduler follow the cluster's
// names (issue 4). Early phase: the cell's files; late phase: qconf on the
// frontend, an execd restart on computes. Pure: reads through RootView only.
#include <optional>
#include <string>

#include "agent/model.h"
#include "agent/plan.h"
#include "agent/root_view.h"

namespace vc::distro {

struct SgeLayout {
  std::string root;   // SGE_ROOT: /opt/gridengine (Rocks), /var/lib/gridengine (Debian)
  std::string cell;   // SGE_CELL, "default"
  std::string qconf;  // in-root path of qconf, empty when not installed
  std::string found_by;
  std::string common() const { return root + "/" + cell + "/common"; }
};

// SGE_ROOT/SGE_CELL from /etc/profile.d/sge*.sh, /etc/default/gridengine, or
// the Rocks and Debian locations; nullopt unless the cell is configured
// (<cell>/common/act_qmaster exists).
std::optional<SgeLayout> find_sge(const RootView& root);

// This node's name as the root's files record it before the run: /etc/hostname,
// else HOSTNAME in /etc/sysconfig/network. The old name SGE and Rocks still use;
// empty when none or a loopback name (localhost, localhost.localdomain).
std::string recorded_hostname(const RootView& root);

// The name the scheduler knows a node by: the first name of its private line
// in /etc/hosts ("compute-0.local").
std::string sge_host_name(const std::string& short_name);

// Adds the SGE rows (see the table in sge.cpp) when a configured cell exists.
void plan_sge(const Model& m, const RootView& root, Plan& plan);

// host_aliases: one line per node "<new name> <aliases…>", with `old_names`
// folded into the node they belonged to; lines about other hosts are kept.
// Merging its own output again changes nothing.
struct SgeAlias {
  std::string name;
  std::vector<std::string> aliases;
};
std::string merge_host_aliases(const std::optional<std::string>& current, std::vector<SgeAlias> nodes);

// A whole-file write with its reason (the SGE and Rocks tables' file rows).
FileChange file_write(std::string path, std::string content, unsigned mode, std::string reason);

// `text` with every whole-word `from` (a host-name word: letters, digits, '-',
// '_') replaced by `to`; what dynip did with sed, without matching inside names.
std::string replace_word(const std::string& text, const std::string& from, const std::string& to);

}  // namespace vc::distro
