#!/bin/bash
# sigfetch-array.sh - back up one list of locators with a Slurm job array:
# task K of N handles shard K/N (see sigfetch(1) "Operating at scale"), all
# tasks writing into one shared directory.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   sbatch --export=ALL,LIST=/shared/list.jsonl,DEST=/shared/backup \
#     sigfetch-array.sh
#
# Credentials come from the environment (SIGFETCH_KDOCS_ACCESS_TOKEN, ...)
# or from ~/.config/sigfetch/config (mode 0600) on the shared home.
# Submit the same script again to finish what is missing: complete files
# are skipped without being read.  The array must be 0-based (0 .. N-1).
#SBATCH --job-name=sigfetch-backup
#SBATCH --array=0-7
#SBATCH --cpus-per-task=1
#SBATCH --mem=256M
#SBATCH --time=12:00:00
#SBATCH --output=sigfetch-%A-%a.log
set -eu

: "${LIST:?set LIST to the list of locators}"
: "${DEST:?set DEST to the shared output directory}"
shards=${SLURM_ARRAY_TASK_COUNT:-8}
task=${SLURM_ARRAY_TASK_ID:?not running as a Slurm array task}

mkdir -p "$DEST" "$DEST/.metrics"
# exit status as documented in sigfetch(1): 5 (network) is worth a
# requeue, 2/3/7 need a person
exec sigfetch -q -j 8 -P "$DEST" -i "$LIST" \
  --shard "$task/$shards" \
  --metrics "$DEST/.metrics/sigfetch-$task.prom"
