// Several Qt Test classes in one executable: each test file registers its class with
// PORTLENS_REGISTER_TEST(Class), and registered_tests_main.cpp runs them all, or the one named by
// the first argument (the file's name without extension, e.g. `tst_detectors tst_ssh_detector
// -v2`; the remaining arguments go to Qt Test). CMake adds one CTest test per file, so a failure
// names the file, while the files share one link of Qt Test and the core library.
//
// The registrars are static objects in the executable's own object files, so the linker keeps
// them (self-registration would be fragile inside a static library, where unreferenced objects
// are dropped).
#pragma once

#include <QObject>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portlens::test {

struct RegisteredTest {
    std::string name; // the source file's name without folder and extension
    std::unique_ptr<QObject> (*make)();
};

inline std::vector<RegisteredTest> &registeredTests()
{
    static std::vector<RegisteredTest> tests;
    return tests;
}

// "…/tests/core/detect/tst_ssh_detector.cpp" -> "tst_ssh_detector"
constexpr std::string_view testNameOfFile(std::string_view file)
{
    const std::size_t slash = file.find_last_of("/\\");
    if (slash != std::string_view::npos) file.remove_prefix(slash + 1);
    return file.substr(0, file.find('.'));
}

struct TestRegistrar {
    TestRegistrar(std::string_view file, std::unique_ptr<QObject> (*make)())
    {
        registeredTests().push_back({std::string(testNameOfFile(file)), make});
    }
};

} // namespace portlens::test

#define PORTLENS_REGISTER_TEST(Class)                                                                                  \
    namespace {                                                                                                        \
    const portlens::test::TestRegistrar registrarOf##Class(                                                            \
        __FILE__, []() -> std::unique_ptr<QObject> { return std::make_unique<Class>(); });                             \
    }
