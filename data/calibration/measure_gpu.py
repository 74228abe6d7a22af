#!/usr/bin/env python3
"""Measure a GPU's GEMM shape sweep and HBM copy bandwidth for rackplan calibration.

Run on the machine with the GPU (PyTorch with CUDA):
    python3 data/calibration/measure_gpu.py --out DIR --chip h100-sxm

Writes DIR/<chip>-gemm.csv (m,n,k,dtype,tflops: the format `rackplan calibrate import`
reads), DIR/<chip>-memory.csv (bytes,kind,gbps) and DIR/<chip>-env.txt (device, driver,
clocks, library versions). Method:
- GEMM: torch.matmul (cuBLAS) for bf16/fp16, torch._scaled_mm for fp8 (e4m3, per-tensor
  scale 1, bf16 output), random normal inputs, 3 warm-ups then enough timed repetitions
  for >= 25 ms, CUDA events; tflops = 2*m*n*k / mean time.
- Memory: copy = dst.copy_(src) counting bytes read + written (STREAM convention);
  read = src.sum() counting bytes read. Same warm-up/timing rule.
"""
import argparse
import os
import subprocess
import time

import torch


def timed(fn, min_ms=25.0, warmup=3):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record(); fn(); stop.record(); torch.cuda.synchronize()
    one = max(start.elapsed_time(stop), 1e-3)
    reps = max(3, min(2000, int(min_ms / one)))
    start.record()
    for _ in range(reps):
        fn()
    stop.record(); torch.cuda.synchronize()
    return start.elapsed_time(stop) / reps / 1e3  # seconds


def gemm_shapes():
    shapes = set()
    for p in range(8, 15):  # 256 .. 16384 square
        s = 2 ** p
        shapes.add((s, s, s))
    for s in (1536, 3072, 6144, 12288):
        shapes.add((s, s, s))
    # validation points (shared/validation/public-microbench.csv)
    shapes |= {(4096, 4096, 4096), (2048, 2048, 2048), (1024, 2048, 1024), (4096, 4096, 256),
               (2048, 2048, 13312), (1024, 9216, 14336), (1280, 4096, 12032)}
    # thin (decode / small batch) shapes against a 8192x8192 weight
    for m in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512):
        shapes.add((m, 8192, 8192))
        shapes.add((m, 28672, 8192))
    # K sweep and N sweep at fixed size
    for k in (64, 128, 512, 1024, 2048, 8192, 16384, 32768):
        shapes.add((4096, 4096, k))
    for n in (128, 256, 384, 640, 1000, 1152, 2304, 4608, 9216):
        shapes.add((4096, n, 4096))
    # LLM training shapes: 4096 tokens x Llama-3-70B and GPT-3 layers
    for (n, k) in ((10240, 8192), (8192, 8192), (57344, 8192), (8192, 28672),
                   (36864, 12288), (12288, 12288), (49152, 12288), (12288, 49152)):
        shapes.add((4096, n, k))
        shapes.add((8192, n, k))
    return sorted(shapes)


def run_gemm(dtype_name, m, n, k):
    dev = "cuda"
    if dtype_name == "fp8":
        a = torch.randn(m, k, device=dev).to(torch.float8_e4m3fn)
        b = torch.randn(n, k, device=dev).to(torch.float8_e4m3fn).t()  # column-major
        one = torch.ones((), device=dev)
        fn = lambda: torch._scaled_mm(a, b, scale_a=one, scale_b=one, out_dtype=torch.bfloat16)
    else:
        dt = {"bf16": torch.bfloat16, "fp16": torch.float16}[dtype_name]
        a = torch.randn(m, k, device=dev, dtype=dt)
        b = torch.randn(k, n, device=dev, dtype=dt)
        fn = lambda: torch.matmul(a, b)
    t = timed(fn)
    del a, b
    return 2.0 * m * n * k / t / 1e12


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--chip", required=True)
    ap.add_argument("--budget-s", type=float, default=240.0)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    began = time.time()
    torch.backends.cuda.matmul.allow_tf32 = False

    env = [f"date_utc={time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}",
           f"device={torch.cuda.get_device_name(0)}",
           f"sm_count={torch.cuda.get_device_properties(0).multi_processor_count}",
           f"torch={torch.__version__}", f"cuda={torch.version.cuda}",
           f"cublas=torch.matmul / torch._scaled_mm"]
    def smi(tag):
        try:
            q = subprocess.run(["nvidia-smi", "--query-gpu=driver_version,clocks.sm,clocks.mem,"
                                "power.draw,power.limit,temperature.gpu", "--format=csv,noheader"],
                               capture_output=True, text=True, timeout=20).stdout.strip()
            env.append(f"nvidia_smi_{tag}={q}")
        except Exception as e:  # nvidia-smi missing is not fatal
            env.append(f"nvidia_smi_{tag}=unavailable ({e})")
    smi("before")

    with open(os.path.join(args.out, f"{args.chip}-gemm.csv"), "w") as f:
        f.write("m,n,k,dtype,tflops\n")
        for dtype_name in ("bf16", "fp8", "fp16"):
            for (m, n, k) in gemm_shapes():
                if dtype_name == "fp16" and m not in (4096, 8192) and not (m == n == k):
                    continue  # fp16 equals bf16 on these parts; sample it only
                if dtype_name == "fp8" and (m % 16 or n % 16 or k % 16):
                    continue  # _scaled_mm needs multiples of 16
                if time.time() - began > args.budget_s * 0.75:
                    break
                try:
                    tf = run_gemm(dtype_name, m, n, k)
                except Exception as e:
                    print(f"skip {dtype_name} {m}x{n}x{k}: {e}")
                    continue
                f.write(f"{m},{n},{k},{dtype_name},{tf:.2f}\n")
                f.flush()
                print(f"gemm {dtype_name} {m}x{n}x{k}: {tf:.1f} TFLOP/s", flush=True)
    smi("after_gemm")

    with open(os.path.join(args.out, f"{args.chip}-memory.csv"), "w") as f:
        f.write("bytes,kind,gbps\n")
        for p in range(12, 33):  # 4 KiB .. 4 GiB
            nbytes = 2 ** p
            src = torch.empty(nbytes // 2, dtype=torch.bfloat16, device="cuda").normal_()
            dst = torch.empty_like(src)
            t = timed(lambda: dst.copy_(src))
            f.write(f"{nbytes},copy,{2 * nbytes / t / 1e9:.1f}\n")
            t = timed(lambda: src.sum())
            f.write(f"{nbytes},read,{nbytes / t / 1e9:.1f}\n")
            f.flush()
            print(f"memory {nbytes} B copy/read done", flush=True)
            del src, dst
    smi("after_memory")
    env.append(f"elapsed_s={time.time() - began:.1f}")
    with open(os.path.join(args.out, f"{args.chip}-env.txt"), "w") as f:
        f.write("\n".join(env) + "\n")


if __name__ == "__main__":
    main()
