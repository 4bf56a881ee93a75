// Factory functions, one per detector file in core/detect/. registry.cpp lists them.
#pragma once

#include "detect/detector.h"

#include <memory>

namespace portlens {

std::unique_ptr<Detector> makeSshDetector();
std::unique_ptr<Detector> makeHttpDetector();
// batch A (binary, TLS family)
// batch B (name services, UDP)
// batch C (text dialogues)

} // namespace portlens
