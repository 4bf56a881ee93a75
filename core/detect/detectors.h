// Factory functions, one per detector file in core/detect/. registry.cpp lists them.
#pragma once

#include "detect/detector.h"

#include <memory>

namespace portlens {

std::unique_ptr<Detector> makeSshDetector();
std::unique_ptr<Detector> makeHttpDetector();

} // namespace portlens
