// portlens-capture -D: the interfaces libpcap can capture on, one "interface" line each.
#pragma once

namespace portlens::capture {

// Prints the list to standard output in the helper's line format; returns the exit code.
int listInterfaces();

} // namespace portlens::capture
