#pragma once
// Runs a batch CSV (shared/spec/batch-csv.md): checks the header, evaluates rows in parallel
// in bounded-size chunks (so a million-row file streams), echoes every input column and
// appends the output columns, and writes the result atomically (temp file, then rename).
// What a row means is not known here: a RowEvaluator turns one row into its outputs.
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "io/csv_reader.h"

namespace rackplan::io {

// Column names of the contract.
const std::vector<std::string>& batch_input_columns();     // every known input column
const std::vector<std::string>& batch_required_columns();  // id, mode, system, chips
const std::vector<std::string>& batch_output_columns();    // status, message, used_*, metrics

// The header's problem (unknown non-x_ column, duplicate, missing required column), or empty.
std::string check_batch_header(const CsvRow& header);

// One row as the evaluator sees it: cell(name) is the cell under that column ("" if absent).
class RowView {
public:
    RowView(const std::vector<std::string>& header, const CsvRow& row, long line)
        : header_(header), row_(row), line_(line) {}
    [[nodiscard]] const std::string& cell(std::string_view column) const;
    [[nodiscard]] long line() const { return line_; }

private:
    const std::vector<std::string>& header_;
    const CsvRow& row_;
    long line_;
};

enum class RowStatus { ok, infeasible, error };
std::string_view to_string(RowStatus s);

struct RowResult {
    RowStatus status = RowStatus::ok;
    std::string message;
    // Output cells by batch_output_columns() name (status and message excluded); missing = "".
    std::vector<std::pair<std::string, std::string>> values;
};

using RowEvaluator = std::function<RowResult(const RowView&)>;

struct BatchOptions {
    int jobs = 0;                    // 0 = all cores
    std::size_t chunk_rows = 1024;   // rows held in memory at once
    std::function<void(long rows_done)> progress;  // called after each chunk
    const std::atomic<bool>* cancel = nullptr;     // set from a signal handler to stop
};

struct BatchSummary {
    long rows = 0, ok = 0, infeasible = 0, errors = 0;
    std::string file_error;  // header or I/O problem: nothing written
    bool cancelled = false;
    // 0 all ok/infeasible; 3 some rows error; 2 file-level error; 1 internal failure/cancel.
    int exit_code = 0;
};

BatchSummary run_batch(const std::filesystem::path& input, const std::filesystem::path& output,
                       const RowEvaluator& evaluate, const BatchOptions& options = {});

}  // namespace rackplan::io
