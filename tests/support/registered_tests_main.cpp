// main() of an executable made of several registered Qt Test classes (see registered_tests.h).
#include "registered_tests.h"

#include <QCoreApplication>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <cstring>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    auto &tests = portlens::test::registeredTests();
    std::sort(tests.begin(), tests.end(), [](const auto &a, const auto &b) { return a.name < b.name; });

    // The first argument may name one test; the rest (or all, without a name) go to Qt Test.
    std::vector<char *> qtestArgs{argv[0]};
    std::string_view only;
    int firstQtestArg = 1;
    if (argc > 1 && argv[1][0] != '-') {
        only = argv[1];
        firstQtestArg = 2;
        const bool known = std::any_of(tests.begin(), tests.end(), [&](const auto &t) { return t.name == only; });
        if (!known) {
            std::fprintf(stderr, "no test named %s; the tests are:\n", argv[1]);
            for (const auto &t : tests) std::fprintf(stderr, "  %s\n", t.name.c_str());
            return 2;
        }
    }
    for (int i = firstQtestArg; i < argc; ++i) qtestArgs.push_back(argv[i]);

    int failed = 0;
    for (const auto &t : tests) {
        if (!only.empty() && t.name != only) continue;
        const std::unique_ptr<QObject> object = t.make();
        if (QTest::qExec(object.get(), static_cast<int>(qtestArgs.size()), qtestArgs.data()) != 0) ++failed;
    }
    return failed == 0 ? 0 : 1;
}
