#include "app/cli/huge_page_heap.h"

#include <cstdint>
#include <cstdlib> // before the test below: it defines __GLIBC__

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace portlens::cli {

#if defined(__linux__) && defined(__GLIBC__)

namespace {

constexpr std::uintptr_t kPage = 4096;
constexpr int kGrowStep = 64 << 20;     // the heap grows by this much at a time (unused parts
                                        // cost address space only, not memory)
constexpr int kLargeBlock = 4 << 20;    // blocks this large get mappings of their own (malloc
                                        // starts at 128 KiB by default)
std::uintptr_t g_markedUpTo = 0;        // the heap is marked up to here

std::uintptr_t pageUp(std::uintptr_t address) { return (address + kPage - 1) & ~(kPage - 1); }

std::uintptr_t heapEnd() { return pageUp(reinterpret_cast<std::uintptr_t>(sbrk(0))); }

// Marks [from, end of heap) for huge pages. Errors are ignored: without transparent huge pages
// (a kernel without them, or set to "never") the heap simply stays on small pages.
void markUpToHeapEnd(std::uintptr_t from)
{
    const std::uintptr_t end = heapEnd();
    if (from >= end) return;
    madvise(reinterpret_cast<void *>(from), end - from, MADV_HUGEPAGE);
    g_markedUpTo = end;
}

} // namespace

void preferHugePages()
{
    if (g_markedUpTo != 0) return;
    // Grow in large steps, keep freed memory for the next connections rather than giving it
    // back page by page, and take mid-sized blocks (read-ahead batches) from the heap too.
    mallopt(M_TOP_PAD, kGrowStep);
    mallopt(M_TRIM_THRESHOLD, 2 * kGrowStep);
    mallopt(M_MMAP_THRESHOLD, kLargeBlock);
    // A block larger than what is left makes the heap grow now, by a whole step, so that there is
    // a heap region to mark. Marking splits the heap's mapping: what the heap grows by later is a
    // mapping of its own, unmarked, which keepHeapOnHugePages() marks.
    void *probe = std::malloc(1 << 20);
    if (!probe) return;
    markUpToHeapEnd(pageUp(reinterpret_cast<std::uintptr_t>(probe)));
    std::free(probe);
}

void keepHeapOnHugePages()
{
    if (g_markedUpTo == 0) return;
    markUpToHeapEnd(g_markedUpTo);
}

#else

void preferHugePages() {}
void keepHeapOnHugePages() {}

#endif

} // namespace portlens::cli
