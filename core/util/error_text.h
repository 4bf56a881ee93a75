#pragma once
// The text of an errno value. std::strerror may return a buffer shared by all threads (POSIX
// leaves it MT-unsafe) and PortLens opens files and pipes on its reader and capture threads, so
// this goes through std::generic_category(), which libstdc++ implements with strerror_r.
#include <string>
#include <system_error>

namespace portlens {

inline std::string errorText(int error) { return std::generic_category().message(error); }

} // namespace portlens
