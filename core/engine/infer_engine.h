#pragma once
// The serving engine: for a model, an inference job and a system, times prefill and decode of
// one model replica (tp · pp chips, experts split ep ways inside the TP group), checks what
// fits beside the weights (paged KV cache, activation buffers), and derives the steady state
// of continuous batching: time to first token, time per output token and output tokens/s at
// a concurrency, the largest concurrency meeting TTFT/TPOT limits, or the serving engine's
// max-throughput point when no limit is given.
//
// Every operator is timed by the kernel emulators (GEMMs, flash prefill and KV-streaming
// decode attention, norm/activation kernels) and every collective by the topology-aware
// collective model; nothing runs at a peak figure. One forward pass of T tokens per chip:
//   Σ layers [ fused add+RMSNorm, QKV GEMM, attention (decode rows + prompt chunks), O GEMM,
//              TP all-reduce, add+RMSNorm, up/gate GEMM (or router + grouped expert GEMMs),
//              activation, down GEMM, TP all-reduce ]
//   + embedding gather (first stage) + final norm, LM head, logits gather, sampling (last)
//   + pipeline send/recv between stages.
// Decode rows are GEMV-shaped: the GEMM emulator sees M = the tokens of the pass, so weight
// streaming, NeuronCore moving-tile issue intervals and TensorE burst ramps set their time.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "engine/scenario.h"
#include "hw/chip.h"
#include "hw/system.h"
#include "kernels/collective.h"
#include "kernels/gemm_calibration.h"
#include "parallel/reason.h"
#include "parallel/rules.h"
#include "units/quantity.h"
#include "workload/jobs.h"
#include "workload/model.h"

namespace rackplan::engine {

// How the serving software forms iterations (a property of the stack on an architecture).
enum class Batching {
    // In-flight batching with chunked prefill: each iteration carries one token of every
    // generating sequence plus prompt chunks up to max_num_tokens, through shared GEMMs
    // (TensorRT-LLM, vLLM, SGLang on GPUs).
    mixed,
    // Prompts run as their own context-encoding pass over the batch's prompts and decode as a
    // token-generation pass (Neuron's separately compiled graphs in transformers-neuronx and
    // NxD Inference; JetStream's prefill and generate on TPU).
    separate,
};
std::string_view to_string(Batching b);
Batching default_batching(hw::Architecture a);

// Serving-software behaviour the engine assumes; each is a property of the stack, the same
// for every scenario on it. Defaults follow TensorRT-LLM / vLLM as commonly run.
struct InferOptions {
    // Share of the HBM left after weights, activation buffers and the runtime reserve that
    // the engine hands to the KV-cache pool (TensorRT-LLM kv_cache_free_gpu_mem_fraction and
    // vLLM gpu_memory_utilization both default to 0.90).
    double kv_memory_fraction = 0.90;
    // Paged KV cache: a sequence holds whole blocks (TensorRT-LLM tokens_per_block = 32).
    int kv_block_tokens = 32;
    // Tokens per iteration, the chunked-prefill budget and the activation buffers' size
    // (TensorRT-LLM max_num_tokens and vLLM V1 max_num_batched_tokens: 8192).
    int max_num_tokens = 8192;
    // Sequences scheduled at once (TensorRT-LLM max_batch_size default 2048).
    int max_batch = 2048;
    // Runtime context, communication buffers, library workspaces, CUDA graphs.
    units::Bytes reserve_fixed = units::gibibytes(2.0);
    // As EngineOptions (training), from the same H100 measurements (data/calibration): the
    // tensor clock a power-capped chip holds in long dense phases relative to a benchmark
    // burst (8192³ BF16 held 25 s: 1365 of 1610 MHz → 0.85), and the framework's kernels
    // relative to the streaming bound: activations and adds at the copy rate, RMSNorm 0.68,
    // softmax 0.5 (h100-sxm-framework-ops.csv).
    double sustained_clock_derate = kDefaultSustainedClock;  // Scenario::assumptions may set it
    double elementwise_efficiency = 1.0;
    double norm_efficiency = 0.68;
    double softmax_efficiency = 0.5;
    std::optional<Batching> batching;  // empty: the architecture's stack (default_batching)
    // Static-shape length buckets: the stack compiles its prefill and decode graphs for a set
    // of sequence lengths and runs each request at the smallest bucket that holds it, so
    // prompts are padded and decode attention reads the bucket's KV length. Neuron (NxD
    // Inference and transformers-neuronx) buckets by default at powers of two from 128 up to
    // the maximum length, which is the last bucket. Empty: on for Neuron, off elsewhere.
    std::optional<bool> length_buckets;
    // Added to every collective of a pass (kernels::collective_sync_s: Neuron's hand-off from
    // the compute engines to the collective engines); empty: the chip family's figure.
    std::optional<units::Seconds> collective_sync;
    const kernels::GemmCalibration* calibration = nullptr;
};

// One model replica and how many run side by side.
struct InferLayout {
    int tp = 1;
    int pp = 1;
    int ep = 1;  // experts split ep ways inside the TP group (expert TP = tp/ep)
    int replicas = 1;
    [[nodiscard]] int chips_per_replica() const { return tp * pp; }
    friend bool operator==(const InferLayout&, const InferLayout&) = default;
};

// How the weights and low-precision formats run on this chip.
enum class PrecisionPath {
    native,       // the tensor engine multiplies the format directly (W8A8 FP8, INT8, ...)
    weight_only,  // stored small, dequantized to 16 bit on load; GEMMs at the 16-bit rate
};

// Per chip (the largest pipeline stage).
struct InferMemory {
    units::Bytes capacity;       // HBM per chip
    units::Bytes weights;
    units::Bytes activations;    // buffers of one max_num_tokens iteration and its logits
    units::Bytes reserve;
    units::Bytes kv_pool;        // what the engine gives the KV cache
    units::Bytes kv_per_token;   // this chip's share of one token's K and V
    std::int64_t tokens_per_sequence = 0;  // input + output, rounded up to whole blocks
    int max_batch = 0;           // sequences whose KV fits (0: not one)
    units::Bytes kv_used;        // at the evaluated batch
    [[nodiscard]] units::Bytes total() const { return weights + activations + reserve + kv_used; }
};

// Where one iteration's time goes (per replica; pipeline: the whole token path).
struct PassBreakdown {
    units::Seconds gemm{};
    units::Seconds attention{};
    units::Seconds vector{};      // norms, activations, embedding, sampling
    units::Seconds tp_comm{};     // all-reduces, logits gather
    units::Seconds pp_comm{};     // stage-to-stage sends
    units::Seconds total{};
};

// Every part times k (a pass repeated k times: prompt chunks, sequential prompts).
[[nodiscard]] PassBreakdown scaled(const PassBreakdown& b, double k);

// Steady state of one replica at a concurrency.
struct ServingPoint {
    int batch = 0;                 // sequences in flight per replica
    double decoding = 0.0;         // of those, generating in an average iteration
    double prefill_tokens = 0.0;   // prompt tokens in an average iteration
    units::Seconds ttft{};
    units::Seconds tpot{};         // 0 when output_len is 1
    units::Seconds iteration{};    // average iteration (mixed) / one decode step (separate)
    units::Seconds prefill{};      // one prompt's prefill (mixed) / the batch's prompts (separate)
    double tokens_per_s = 0.0;     // output tokens per second of the replica
    PassBreakdown decode;          // one decode iteration as a generating sequence sees it
    PassBreakdown first_token;     // the TTFT by part (its total is ttft)
};

struct InferPerformance {
    InferLayout layout;
    ServingPoint point;
    InferMemory memory;
    Batching batching = Batching::mixed;
    PrecisionPath weights = PrecisionPath::native;
    PrecisionPath kv = PrecisionPath::native;
    double tokens_per_s = 0.0;           // whole deployment
    double tokens_per_s_per_chip = 0.0;  // over every chip of the deployment
};

class InferEngine {
public:
    InferEngine(const hw::ChipSpec& chip, const hw::SystemSpec& system, const workload::Model& model,
                const workload::InferJob& job, int chips, const kernels::CollectiveModel& network,
                InferOptions options = {});

    // Problems with the job or the chip's formats, each naming a batch column; empty = usable.
    [[nodiscard]] const parallel::Reasons& job_issues() const { return job_issues_; }
    // Divisibility and placement of a replica layout, naming the column to blame.
    [[nodiscard]] parallel::Reasons check(const InferLayout& l) const;

    // Memory per chip at `batch` sequences (0: the pool only). Pure arithmetic.
    [[nodiscard]] InferMemory memory(const InferLayout& l, int batch = 0) const;
    // Why nothing fits (weights and buffers over HBM, or one sequence's KV over the pool).
    [[nodiscard]] std::optional<std::string> memory_reason(const InferLayout& l) const;

    // Steady state at `batch` concurrent sequences per replica (1 <= batch). Thread-safe.
    [[nodiscard]] ServingPoint serve(const InferLayout& l, int batch) const;

    // The largest batch in [1, limit] whose TTFT and TPOT meet the limits (both grow with
    // the batch, so a bisection finds it). Empty when batch 1 misses; `at_one` then says
    // what is achievable.
    struct SloSearch {
        std::optional<ServingPoint> best;
        ServingPoint at_one;
        int evaluated = 0;
    };
    [[nodiscard]] SloSearch largest_batch(const InferLayout& l, int limit, std::optional<units::Seconds> ttft,
                                          std::optional<units::Seconds> tpot) const;
    // Max-throughput concurrency: every sequence the KV pool holds, up to max_batch.
    [[nodiscard]] int max_throughput_batch(const InferLayout& l) const;

    // Times of single passes, per replica (exposed for tests and reports).
    [[nodiscard]] units::Seconds prefill_time(const InferLayout& l, int prompts, PassBreakdown* b = nullptr) const;
    [[nodiscard]] units::Seconds decode_step(const InferLayout& l, int batch, double context) const;

    [[nodiscard]] Batching batching() const { return batching_; }
    [[nodiscard]] PrecisionPath weight_path() const { return weight_path_; }
    [[nodiscard]] PrecisionPath kv_path() const { return kv_path_; }
    [[nodiscard]] const parallel::Placement& placement() const { return placement_; }
    [[nodiscard]] const InferOptions& options() const { return opt_; }
    [[nodiscard]] const workload::InferJob& job() const { return job_; }

private:
    // One forward pass through the replica.
    struct Pass {
        double decodes = 0.0;            // sequences adding one token
        double decode_context = 0.0;     // their mean keys per query
        double prefill_tokens = 0.0;     // prompt tokens
        units::Seconds prefill_attention{};  // those tokens' attention, one layer of one chip
        double outputs = 0.0;            // tokens sampled
    };
    struct LayerCost {
        units::Seconds gemm{}, vector{}, comm{};
    };
    [[nodiscard]] units::Seconds pass_time(const InferLayout& l, const Pass& p, PassBreakdown* b = nullptr) const;
    [[nodiscard]] LayerCost layer_linear(const InferLayout& l, std::int64_t tokens, bool moe) const;
    [[nodiscard]] LayerCost head_cost(const InferLayout& l, std::int64_t outputs) const;
    [[nodiscard]] units::Seconds embed_cost(std::int64_t tokens) const;
    [[nodiscard]] units::Seconds decode_attention(const InferLayout& l, std::int64_t seqs, std::int64_t context) const;
    // Attention of whole prompts prefilled `chunk` tokens at a time, one layer (per chip).
    [[nodiscard]] units::Seconds prompt_attention(const InferLayout& l, std::int64_t prompts, std::int64_t chunk) const;
    // Per-chip widths under TP. Neuron pads heads and the FFN width up to the TP degree (and
    // replicates K/V heads), so its sizes round up; GPU stacks need tp to divide them.
    [[nodiscard]] std::int64_t heads_per_chip(int tp) const;
    [[nodiscard]] std::int64_t kv_heads_per_chip(int tp) const;
    [[nodiscard]] std::int64_t ffn_per_chip(std::int64_t width, int ways) const;
    // The length a request of `len` tokens runs at: its bucket, or `len` without buckets.
    [[nodiscard]] std::int64_t bucket_of(std::int64_t len) const;
    // Mean over the generated tokens of the KV length decode attention reads.
    [[nodiscard]] double decode_context() const;
    [[nodiscard]] units::Seconds gemm(std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t batch,
                                      bool quantized) const;
    [[nodiscard]] units::Seconds vector(int kind, double elements, int inputs) const;
    [[nodiscard]] units::Seconds collective(kernels::Collective op, int ranks, int stride, units::Bytes bytes) const;
    using Key = std::array<std::int64_t, 6>;
    template <class F>
    [[nodiscard]] units::Seconds cached(const Key& key, F&& compute) const;

    hw::ChipSpec chip_;          // as catalogued
    hw::ChipSpec weight_chip_;   // the view block GEMMs run on (weight-only: 16-bit rate)
    hw::ChipSpec kv_chip_;       // the view decode attention runs on
    hw::SystemSpec system_;
    workload::Model model_;
    workload::InferJob job_;
    int chips_;
    const kernels::CollectiveModel& network_;
    InferOptions opt_;
    parallel::Placement placement_;
    parallel::Reasons job_issues_;
    bool pads_tp_ = false;       // the stack pads heads and FFN width to the TP degree
    bool buckets_ = false;       // the stack runs requests at length buckets
    Batching batching_;
    PrecisionPath weight_path_ = PrecisionPath::native;
    PrecisionPath kv_path_ = PrecisionPath::native;
    hw::Dtype gemm_dtype_ = hw::Dtype::bf16;    // block GEMM operands
    hw::Dtype act_dtype_ = hw::Dtype::bf16;     // activations, LM head, prefill attention
    hw::Dtype kv_dtype_ = hw::Dtype::bf16;
    units::Bytes capacity_{};
    kernels::GemmCalibration sustained_{};

    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            std::uint64_t h = 0xcbf29ce484222325ULL;
            for (std::int64_t v : k) h = (h ^ static_cast<std::uint64_t>(v)) * 0x100000001b3ULL;
            return static_cast<std::size_t>(h ^ (h >> 29));
        }
    };
    // Kernel and collective times by shape: a search or a bisection re-times the same passes.
    mutable std::shared_mutex memo_mutex_;
    mutable std::unordered_map<Key, double, KeyHash> memo_;
};

}  // namespace rackplan::engine
