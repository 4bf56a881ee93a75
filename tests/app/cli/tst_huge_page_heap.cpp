// preferHugePages / keepHeapOnHugePages: the heap's mappings end up marked for transparent huge
// pages ("hg" in /proc/self/smaps), including what the heap grows by afterwards, and memory
// allocated before and after stays intact.
#include "app/cli/huge_page_heap.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <cstring>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#include <memory>
#include <vector>

using namespace portlens::cli;

namespace {

struct HeapMappings {
    int total = 0;
    int marked = 0; // VmFlags with "hg" (MADV_HUGEPAGE)
};

HeapMappings heapMappings()
{
    QFile smaps(QStringLiteral("/proc/self/smaps"));
    HeapMappings found;
    if (!smaps.open(QIODevice::ReadOnly)) return found;
    static const QRegularExpression mappingLine(QStringLiteral("^[0-9a-f]+-[0-9a-f]+ "));
    bool inHeap = false;
    for (const QByteArray &line : smaps.readAll().split('\n')) {
        if (mappingLine.match(QString::fromLatin1(line)).hasMatch()) inHeap = line.endsWith("[heap]");
        if (inHeap && line.startsWith("VmFlags:")) {
            ++found.total;
            if (line.split(' ').contains("hg")) ++found.marked;
        }
    }
    return found;
}

// Can mappings be marked at all? (Kernels built without transparent huge pages refuse.) Whether
// the marked memory then really gets huge pages is the kernel's setting; the marks are what
// this test checks.
bool hugePagesCanBeAsked()
{
#if defined(__linux__)
    const std::size_t size = 4u << 20;
    void *region = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) return false;
    const bool ok = madvise(region, size, MADV_HUGEPAGE) == 0;
    munmap(region, size);
    return ok;
#else
    return false;
#endif
}

} // namespace

class TestHugePageHeap : public QObject {
    Q_OBJECT

private slots:
    void marksTheHeapAndItsGrowth()
    {
#if !defined(__linux__) || !defined(__GLIBC__)
        QSKIP("huge pages are only asked for on Linux with glibc");
#endif
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer brings its own malloc: there is no glibc heap to mark");
#endif
        if (!hugePagesCanBeAsked()) QSKIP("this kernel has no transparent huge pages");
        std::vector<std::unique_ptr<char[]>> before;
        for (int i = 0; i < 100; ++i) {
            before.push_back(std::make_unique<char[]>(1000));
            std::memset(before.back().get(), i, 1000);
        }
        QCOMPARE(heapMappings().marked, 0);

        preferHugePages();
        const HeapMappings marked = heapMappings();
        QVERIFY2(marked.marked >= 1, "the heap was not marked");

        // Grow the heap past the first step (64 MiB) in blocks below the mapping threshold.
        std::vector<std::unique_ptr<char[]>> grown;
        for (int i = 0; i < 100; ++i) {
            grown.push_back(std::make_unique<char[]>(1 << 20));
            std::memset(grown.back().get(), i, 1 << 20);
        }
        const HeapMappings afterGrowth = heapMappings();
        QVERIFY2(afterGrowth.total > afterGrowth.marked, "expected unmarked growth before keepHeapOnHugePages()");
        keepHeapOnHugePages();
        const HeapMappings kept = heapMappings();
        QCOMPARE(kept.marked, kept.total - 1); // all but the part that was there before the first call

        for (int i = 0; i < 100; ++i) QCOMPARE(before[static_cast<std::size_t>(i)][999], static_cast<char>(i));
        for (int i = 0; i < 100; ++i) QCOMPARE(grown[static_cast<std::size_t>(i)][(1 << 20) - 1], static_cast<char>(i));
    }
};

QTEST_GUILESS_MAIN(TestHugePageHeap)
#include "tst_huge_page_heap.moc"
