#!/usr/bin/env bash
# Builds rackplan (release preset) and runs the main job: Llama 3 70B trained on 1T tokens on
# 1024 chips of four systems, each at its best layout, ranked by time and by cost.
# Pricing: on-demand where the catalog has a rate (trn2.48xlarge, p5.48xlarge); the GB200 NVL72
# is only sold, so it is owned (@own); the Trn3 UltraServer has no published price yet, so its
# row gives the time and says why it has no cost.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash packaging/build.sh
build/release/bin/rackplan compare --mode train --model llama3-70b --seq-len 8192 --global-batch 1024 \
  --train-tokens 1e12 --chips 1024 --pricing on_demand \
  --systems trn2.48xlarge,p5.48xlarge,gb200-nvl72@own,trn3-ultraserver-144
