#include "io/batch_runner.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>
#include <unistd.h>
#include <unordered_map>

namespace rackplan::io {
namespace fs = std::filesystem;

const std::vector<std::string>& batch_input_columns() {
    static const std::vector<std::string> cols{
        "id", "mode", "system", "chips", "model", "layers", "hidden", "heads", "kv_heads", "head_dim", "ffn",
        "ffn_act", "vocab", "experts", "experts_per_token", "expert_ffn", "shared_experts", "dense_layers",
        "seq_len", "global_batch", "micro_batch", "dtype", "tp", "pp", "dp", "cp", "ep", "vpp", "sp", "zero",
        "recompute", "train_tokens", "fine_tune", "lora_rank", "input_len", "output_len", "batch", "replicas",
        "weight_dtype", "kv_dtype", "ttft_slo_ms", "tpot_slo_ms", "pricing", "usd_per_kwh", "pue", "years",
        "utilization"};
    return cols;
}

const std::vector<std::string>& batch_required_columns() {
    static const std::vector<std::string> cols{"id", "mode", "system", "chips"};
    return cols;
}

const std::vector<std::string>& batch_output_columns() {
    static const std::vector<std::string> cols{
        "status", "message", "used_tp", "used_pp", "used_dp", "used_cp", "used_ep", "used_vpp", "used_sp",
        "used_zero", "used_recompute", "used_micro_batch", "used_batch", "used_replicas", "step_time_s",
        "tokens_per_s", "tokens_per_s_per_chip", "model_tflops_per_chip", "mfu", "mem_gib_per_chip", "ttft_ms",
        "tpot_ms", "time_to_train_days", "usd_per_hour", "usd_total", "usd_per_mtok", "avg_power_kw",
        "energy_mwh"};
    return cols;
}

const std::string& RowView::cell(std::string_view column) const {
    static const std::string empty;
    for (size_t i = 0; i < header_.size(); ++i)
        if (header_[i] == column) return i < row_.size() ? row_[i] : empty;
    return empty;
}

std::string_view to_string(RowStatus s) {
    switch (s) {
        case RowStatus::ok: return "ok";
        case RowStatus::infeasible: return "infeasible";
        case RowStatus::error: return "error";
    }
    return "error";
}

std::string check_batch_header(const CsvRow& header) {
    const auto& known = batch_input_columns();
    std::set<std::string> seen;
    for (const auto& h : header) {
        if (h.empty()) return "the header has an empty column name";
        if (!seen.insert(h).second) return "duplicate column '" + h + "'";
        if (h.rfind("x_", 0) == 0) continue;
        if (std::find(known.begin(), known.end(), h) == known.end())
            return "unknown column '" + h + "' (annotation columns start with x_)";
    }
    for (const auto& r : batch_required_columns())
        if (!seen.count(r)) return "missing required column '" + r + "'";
    return {};
}

namespace {

struct PendingRow {
    CsvRow cells;
    long line = 0;
    std::string pre_error;  // a problem found before evaluation (field count, duplicate id)
    RowResult result;
};

void evaluate_chunk(std::vector<PendingRow>& chunk, const CsvRow& header, const RowEvaluator& evaluate, int jobs) {
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i = next++; i < chunk.size(); i = next++) {
            PendingRow& r = chunk[i];
            if (!r.pre_error.empty()) {
                r.result = {RowStatus::error, r.pre_error, {}};
                continue;
            }
            try {
                r.result = evaluate(RowView(header, r.cells, r.line));
            } catch (const std::exception& e) {
                r.result = {RowStatus::error, std::string("internal error: ") + e.what(), {}};
            }
        }
    };
    int n = std::max(1, std::min<int>(jobs, static_cast<int>(chunk.size())));
    std::vector<std::jthread> pool;
    for (int t = 1; t < n; ++t) pool.emplace_back(work);
    work();
}

std::string output_line(const PendingRow& r, size_t header_size) {
    const auto& outs = batch_output_columns();
    CsvRow cells = r.cells;
    cells.resize(header_size);
    cells.push_back(std::string(to_string(r.result.status)));
    cells.push_back(r.result.message);
    for (size_t c = 2; c < outs.size(); ++c) {
        std::string v;
        for (const auto& [k, val] : r.result.values)
            if (k == outs[c]) v = val;
        cells.push_back(std::move(v));
    }
    return csv_line(cells);
}

}  // namespace

BatchSummary run_batch(const fs::path& input, const fs::path& output, const RowEvaluator& evaluate,
                       const BatchOptions& options) {
    BatchSummary s;
    std::ifstream in(input, std::ios::binary);
    if (!in) {
        s.file_error = "cannot open " + input.string();
        s.exit_code = 2;
        return s;
    }
    CsvReader reader(in);
    auto header = reader.next();
    if (!header) {
        s.file_error = reader.error().empty() ? "the file is empty (no header row)" : reader.error();
        s.exit_code = 2;
        return s;
    }
    if (std::string e = check_batch_header(*header); !e.empty()) {
        s.file_error = e;
        s.exit_code = 2;
        return s;
    }
    // The temporary file lives beside the output so the final rename is atomic.
    fs::path tmp = output;
    tmp += ".tmp." + std::to_string(::getpid());
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
        s.file_error = "cannot write " + output.string();
        s.exit_code = 2;
        return s;
    }
    auto fail = [&](std::string why, int code) {
        out.close();
        std::error_code ec;
        fs::remove(tmp, ec);
        s.file_error = std::move(why);
        s.exit_code = code;
        return s;
    };
    CsvRow out_header = *header;
    for (const auto& c : batch_output_columns()) out_header.push_back(c);
    out << csv_line(out_header);

    size_t id_col = std::find(header->begin(), header->end(), "id") - header->begin();
    std::unordered_map<std::string, long> ids;  // id -> line, to catch repeats
    int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<PendingRow> chunk;
    chunk.reserve(options.chunk_rows);
    bool more = true;
    while (more) {
        chunk.clear();
        while (chunk.size() < options.chunk_rows) {
            auto row = reader.next();
            if (!row) {
                more = false;
                break;
            }
            if (row->size() == 1 && (*row)[0].empty()) continue;  // blank line
            PendingRow p;
            p.line = reader.line();
            if (row->size() != header->size())
                p.pre_error = "row has " + std::to_string(row->size()) + " fields but the header has " +
                              std::to_string(header->size());
            else if (const std::string& id = (*row)[id_col]; id.empty())
                p.pre_error = "column id: empty";
            else if (auto [it, fresh] = ids.emplace(id, p.line); !fresh)
                p.pre_error = "column id: '" + id + "' repeats the id of line " + std::to_string(it->second);
            p.cells = std::move(*row);
            chunk.push_back(std::move(p));
        }
        if (!reader.error().empty()) return fail(input.string() + ": " + reader.error(), 2);
        if (options.cancel && options.cancel->load()) {
            s.cancelled = true;
            return fail("cancelled; " + output.string() + " was not written", 1);
        }
        evaluate_chunk(chunk, *header, evaluate, jobs);
        for (const auto& r : chunk) {
            out << output_line(r, header->size());
            ++s.rows;
            if (r.result.status == RowStatus::ok) ++s.ok;
            else if (r.result.status == RowStatus::infeasible) ++s.infeasible;
            else ++s.errors;
        }
        if (!out) return fail("write failed for " + output.string(), 1);
        if (options.progress) options.progress(s.rows);
    }
    out.close();
    if (!out) return fail("write failed for " + output.string(), 1);
    std::error_code ec;
    fs::rename(tmp, output, ec);
    if (ec) return fail("cannot replace " + output.string() + ": " + ec.message(), 1);
    s.exit_code = s.errors > 0 ? 3 : 0;
    return s;
}

}  // namespace rackplan::io
