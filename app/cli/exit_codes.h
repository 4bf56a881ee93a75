// Exit codes of portlens-cli: one per kind of failure, so scripts can tell them apart.
// Documented in `portlens-cli --help`; keep that text in step with this list.
#pragma once

#include "core/capture/packet_source.h"

namespace portlens::cli {

enum ExitCode : int {
    Ok = 0,
    InternalError = 1,
    Usage = 2,
    FileNotFound = 3,
    FileNotReadable = 4,
    IsDirectory = 5,
    EmptyFile = 6,
    NotACapture = 7,
    UnsupportedLinkType = 8,
    TruncatedCapture = 9, // results up to the damage were written
    OutputFailed = 10,
};

inline int exitCodeFor(OpenError error)
{
    switch (error) {
    case OpenError::None: return Ok;
    case OpenError::NotFound: return FileNotFound;
    case OpenError::NotReadable: return FileNotReadable;
    case OpenError::PermissionDenied: return FileNotReadable;
    case OpenError::IsDirectory: return IsDirectory;
    case OpenError::Empty: return EmptyFile;
    case OpenError::NotACapture: return NotACapture;
    case OpenError::UnsupportedLinkType: return UnsupportedLinkType;
    }
    return InternalError;
}

} // namespace portlens::cli
