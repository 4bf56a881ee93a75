// Captures for tests that compare two ways of reading or analysing the same files: the bundled
// sample and a spread of the shared corpus.
#pragma once

#include <QDir>
#include <QDirIterator>
#include <QString>
#include <QStringList>

#include <algorithm>

namespace portlens::test {

inline QString bundledSample() { return QStringLiteral(PORTLENS_SOURCE_DIR "/resources/samples/portlens-sample.pcapng"); }

// The bundled sample and about 24 corpus captures spread over the sorted list (different link
// types and sizes); only the sample without the corpus.
inline QStringList someCaptures()
{
    QStringList files{bundledSample()};
    const QDir corpus(QStringLiteral(PORTLENS_CORPUS_DIR));
    if (!corpus.exists()) return files;
    QStringList all;
    QDirIterator it(corpus.path(), {QStringLiteral("*.pcap"), QStringLiteral("*.pcapng")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) all.append(it.next());
    std::sort(all.begin(), all.end());
    for (qsizetype i = 0; i < all.size(); i += std::max<qsizetype>(1, all.size() / 24)) files.append(all[i]);
    return files;
}

} // namespace portlens::test
