#pragma once
// Host key material shared by the <hostkeys> and cloud-config ssh_keys tests.
#include <string>

namespace vctest {

// ssh-keygen -N secret: an encrypted key sshd could not load.
inline const std::string kEncryptedKey = R"(-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABAS5ueTsw
JRDaVE/fck3PDAAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIFp9btvQtcnkgSz8
hZmK50LpwN+yfGJkAM4q5OqvfRM+AAAAkNfTS42RA0GqTQXA4E1EtutsVN0KBT6+SL4eGI
by56pfn7DCHQsguCyIerxy5NyYWd/NMDmt7wLIETUd9iTdvbaWh0zYqcuhyAhpiucLXWe7
Ytut54vIknwRDz2Fkm/ArjCazojwqKWrPSdwlcapZvQRrxpVh3bbbZOzIuCP/Oy0QUsv6Q
FFUgLKhp3pyj8gsg==
-----END OPENSSH PRIVATE KEY-----
)";
inline const std::string kEncryptedKeyPub =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFp9btvQtcnkgSz8hZmK50LpwN+yfGJkAM4q5OqvfRM+";

}  // namespace vctest
