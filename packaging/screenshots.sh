#!/usr/bin/env bash
# Remakes the README's screenshots (resources/screenshots/) from saved scenarios, offscreen:
#   bash packaging/screenshots.sh [BIN_DIR]      (default build/release/bin)
# Each picture is the main window at 1400x900 with one saved comparison or plan open.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release/bin}
out=resources/screenshots
db=$(mktemp -d)/shots.db
export QT_QPA_PLATFORM=offscreen
rp() { "$bin/rackplan" --db "$db" "$@" >/dev/null; }

# Training: Llama 3 70B on 256 chips of ten systems; the fleet to train 1e12 tokens in 30 days.
train=(--mode train --model llama3-70b --seq-len 8192 --global-batch 1024 --train-tokens 1e12)
rp compare "${train[@]}" --chips 256 --save demo --systems \
  dgx-h100,hgx-h200,dgx-b200,dgx-b300,mi300x-8,mi355x-8,p5.48xlarge@on_demand,trn2.48xlarge@on_demand,trn2-ultraserver@on_demand,dgx-a100-80g
rp plan "${train[@]}" --demand-days 30 --save fleet --systems \
  dgx-h100,p5.48xlarge@on_demand,dgx-b200,gb200-nvl72,trn2.48xlarge@on_demand,trn2-ultraserver@on_demand,mi300x-8
# Serving: Llama 3 70B, 2048 in / 256 out, TTFT <= 2 s, TPOT <= 50 ms, FP8 weights and KV cache.
serve=(--mode infer --model llama3-70b --input-len 2048 --output-len 256 --ttft-slo-ms 2000 --tpot-slo-ms 50
       --weight-dtype fp8 --kv-dtype fp8)
rp compare "${serve[@]}" --chips 16 --save serving --systems \
  dgx-h100,hgx-h200,dgx-b200,gb200-nvl72:72,mi300x-8,p5.48xlarge@on_demand,trn2.48xlarge@on_demand,trn2-ultraserver:64@on_demand,tpu-v6e-8:8@on_demand
rp plan "${serve[@]}" --requests-per-s 200 --save serving-fleet --systems \
  dgx-h100,dgx-b200,gb200-nvl72,mi300x-8,trn2.48xlarge@on_demand,trn2-ultraserver@on_demand,tpu-v6e-8@on_demand

gui() { "$bin/rackplan-gui" --db "$db" "$@"; }
gui --scenario demo --screenshot $out/comparison.png
gui --scenario demo --chart cost --screenshot $out/cost-vs-time.png
gui --scenario demo --chart sensitivity --screenshot $out/sensitivity.png
gui --scenario demo --chart roofline --screenshot $out/roofline.png
gui --scenario fleet --screenshot $out/plan.png
gui --scenario serving --screenshot $out/serving-compare.png
gui --scenario serving-fleet --screenshot $out/serving-plan.png
gui --page catalog --screenshot $out/catalog.png
gui --page validation --screenshot $out/validation.png
echo "screenshots in $out (database $db)"
