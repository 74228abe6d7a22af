#pragma once
// The seed catalog compiled into the library (generated from data/catalog/*.json at build).
#include <string_view>
#include <vector>

namespace rackplan::io {

struct EmbeddedFile {
    std::string_view name;
    std::string_view text;
};

std::vector<EmbeddedFile> embedded_seed();

}  // namespace rackplan::io
