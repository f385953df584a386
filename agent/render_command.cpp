// `vc-agent render`: the network renderers alone, into an output directory, so
// their output can be compared with other tools (conformance tests, admins).
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "agent/commands.h"
#include "agent/error.h"
#include "agent/input_reader.h"
#include "agent/vcout_parser.h"
#include "distro/distro.h"
#include "netconf/from_vcout.h"
#include "netconf/inputs.h"
#include "netconf/render.h"
#include "netconf/render_gaps.h"

namespace vc {
namespace {

std::vector<netconf::RenderedFile> render_as(const std::string& format, const netconf::NetworkState& s) {
  if (format == "ifcfg") return netconf::render_ifcfg(s, netconf::IfcfgFlavor::Rhel);
  if (format == "ifcfg-suse") return netconf::render_ifcfg(s, netconf::IfcfgFlavor::Suse);
  if (format == "nm") return netconf::render_nm(s);
  if (format == "netplan") return netconf::render_netplan(s);
  if (format == "eni") return netconf::render_eni(s);
  if (format == "networkd") return netconf::render_networkd(s);
  throw InputError("", 0, "--format", "unknown renderer '" + format + "'");
}

void warnings_append(std::vector<std::string>& to, std::vector<std::string> more) {
  for (auto& w : more) to.push_back(std::move(w));
}

void write_file(const std::filesystem::path& path, const std::string& content, unsigned mode) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << content;
  f.close();
  if (!f) throw EnvError("cannot write " + path.string());
  ::chmod(path.c_str(), mode);
}

}  // namespace

int run_render(const Options& o, std::ostream& out, std::ostream& err) {
  auto bytes = read_input_file(o.input, kMaxVcOutBytes);
  if (!bytes) throw InputError(o.input, 0, "", "no such file");
  std::vector<std::string> warnings;
  netconf::NetworkState state;
  if (o.input_format == "v1" || o.input_format == "v2") {
    state = netconf::from_network_config(*bytes, o.input, &warnings, o.input_format == "v1" ? 1 : 2);
  } else if (o.input_format == "network_data") {
    // No MAC table: the NICs of an image are named eth0, eth1… in link order.
    state = netconf::from_network_data(*bytes, o.input, nullptr, &warnings);
  } else {
    VcOutParseOptions popts;
    popts.file_name = o.input;
    popts.role_override = o.role;
    Model model = parse_vcout(*bytes, popts);
    warnings = model.warnings;
    netconf::LinkTable no_links;  // rendering is for an image, not this machine
    state = netconf::from_vcout(model, no_links, &warnings);
  }
  auto files = render_as(o.format, state);
  if (o.format == "ifcfg") warnings_append(warnings, netconf::ifcfg_gaps(state, netconf::IfcfgFlavor::Rhel));
  if (o.format == "ifcfg-suse") warnings_append(warnings, netconf::ifcfg_gaps(state, netconf::IfcfgFlavor::Suse));
  if (o.format == "eni") warnings_append(warnings, netconf::eni_gaps(state));
  for (const auto& w : warnings) err << "warning: " << w << "\n";
  for (const auto& f : files) {
    write_file(std::filesystem::path(o.output) / f.path.substr(1), f.content, f.mode);
    if (!o.json) out << o.output << f.path << "\n";
  }
  return kExitOk;
}

}  // namespace vc
