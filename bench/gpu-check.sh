#!/usr/bin/env bash
# The one-shot GPU check (README: "Checking a GPU machine"). On a machine with one NVIDIA GPU and no
# internet it prints, within 8 minutes: the WebGPU adapter, the max gradient difference vs cpu of every
# layer and optimizer, samples/s of the reference MLP and CNN (batch 64 and 256) on webgpu vs wasm, and
# 4 trials at once on the GPU vs 1. Everything comes from this working tree:
#   - with this project's node_modules: the check is packed into out/gpu-check first (seconds);
#   - without (a fresh box): bring out/gpu-check along, made here by `bash bench/gpu-check.sh --pack`;
#   - the Vulkan loader, which Dawn needs on Linux and server images often lack, is Debian's libvulkan1
#     carried in bench/gpu/ (used only when the system has none);
#   - an NVIDIA driver without its Vulkan manifest (a container started without the graphics
#     capability) gets one pointing at the driver's libGLX_nvidia.so.0, when that library is present.
# Extra arguments go to bench/gpu-check.ts (--quick; --backend wasm for a dry run without a GPU).
# Exit: 0 all measured and within tolerance, 1 a check failed or no adapter, 2 cannot run, 124 timed out.
set -uo pipefail
cd "$(dirname "$0")/.."
budget=${GPU_CHECK_SECONDS:-450}
pack=out/gpu-check
deb=bench/gpu/libvulkan1_1.3.239.0-1_amd64.deb
deb_sha256=622f28b807ba55a1f5ad1622ff83aa2c5b11fedbec074850e04c10a8f28b43d3

command -v node >/dev/null || { echo "node not found: the check needs Node.js >= 20.19"; exit 2; }
if [[ ${1:-} == --pack ]]; then exec node bench/gpu/pack.mjs "$pack"; fi

echo "== machine: $(uname -srm), node $(node --version)"
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv,noheader | sed 's/^/   nvidia-smi: /'
else
  echo "   nvidia-smi: not found"
fi

if [[ -d node_modules/esbuild && -d node_modules/webgpu ]]; then
  node bench/gpu/pack.mjs "$pack" >/dev/null || { echo "packing the check failed"; exit 2; }
elif [[ ! -f $pack/gpu-check.cjs ]]; then
  echo "neither node_modules (npm install) nor $pack here: run 'bash bench/gpu-check.sh --pack' where they are and bring $pack along"
  exit 2
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1" || compgen -G "/usr/lib*/$1" >/dev/null || compgen -G "/usr/lib/*-linux-gnu/$1" >/dev/null; }

if [[ $(uname -s) == Linux ]] && ! have_lib libvulkan.so.1; then
  if [[ $(uname -m) != x86_64 ]]; then
    echo "== vulkan: no libvulkan.so.1 and the carried loader is for x86_64 only: install your distribution's Vulkan loader"
  elif ! echo "$deb_sha256  $deb" | sha256sum -c --quiet - 2>/dev/null; then
    echo "== vulkan: no libvulkan.so.1, and $deb is missing or damaged (expected sha256 $deb_sha256)"
  else
    # dpkg-deb where it exists (Debian, Ubuntu); elsewhere the .deb is an ar archive holding data.tar.xz.
    if command -v dpkg-deb >/dev/null; then dpkg-deb -x "$deb" "$scratch/root"; else mkdir -p "$scratch/root" && (cd "$scratch" && ar x "$OLDPWD/$deb" data.tar.xz && tar -xJf data.tar.xz -C root); fi
    export LD_LIBRARY_PATH="$scratch/root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    echo "== vulkan: no system loader; using the carried libvulkan1 1.3.239 (Debian 12)"
  fi
fi

if [[ $(uname -s) == Linux && -z ${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-} ]] && ! compgen -G "/usr/share/vulkan/icd.d/*.json" >/dev/null && ! compgen -G "/etc/vulkan/icd.d/*.json" >/dev/null; then
  if have_lib libGLX_nvidia.so.0; then
    printf '{"file_format_version":"1.0.0","ICD":{"library_path":"libGLX_nvidia.so.0","api_version":"1.3.0"}}\n' >"$scratch/nvidia_icd.json"
    export VK_DRIVER_FILES="$scratch/nvidia_icd.json" VK_ICD_FILENAMES="$scratch/nvidia_icd.json"
    echo "== vulkan: no driver manifest registered; pointing the loader at the NVIDIA driver's libGLX_nvidia.so.0"
  else
    echo "== vulkan: no driver manifest registered and no libGLX_nvidia.so.0 (a container needs NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics)"
  fi
fi

timeout --kill-after=10 "$budget" node "$pack/gpu-check.cjs" "$@"
status=$?
[[ $status == 124 ]] && echo "TIMED OUT after ${budget} s (GPU_CHECK_SECONDS raises it)"
exit $status
