#include "core/formats/connection_writer.h"

namespace portlens {

std::unique_ptr<ConnectionWriter> makeTableWriter(std::ostream &out);
std::unique_ptr<ConnectionWriter> makeTsvWriter(std::ostream &out);
std::unique_ptr<ConnectionWriter> makeJsonLinesWriter(std::ostream &out);
std::unique_ptr<ConnectionWriter> makeZeekConnWriter(std::ostream &out);

std::unique_ptr<ConnectionWriter> makeConnectionWriter(OutputFormat format, std::ostream &out)
{
    switch (format) {
    case OutputFormat::Table: return makeTableWriter(out);
    case OutputFormat::Tsv: return makeTsvWriter(out);
    case OutputFormat::JsonLines: return makeJsonLinesWriter(out);
    case OutputFormat::ZeekConnLog: return makeZeekConnWriter(out);
    }
    return nullptr;
}

} // namespace portlens
