#!/usr/bin/env bash
# Packs what a bare x86-64 Linux machine with a GPU (and no network) needs to run `hinge-dynamics bench` on the
# WebGPU engine into one folder of about 35 MB: Node (this machine's official build) and Dawn for linux-x64, both
# xz-compressed, and the CLI bundled into one file by esbuild. run.sh assembles them under /tmp/hd. Used for issue 20's GPU measurements through the device tool:
#   scripts/gpu-bundle.sh .gpu && echo /.gpu/ >> .git/info/exclude
#   then, there (carry .gpu, plus .gl for the Vulkan loader as the device README says):
#   .gpu/run.sh bench --backend webgpu --off-steps 300
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.gpu}
npm run -s build
rm -rf "$out" && mkdir -p "$out/node_modules/webgpu/dist/linux-x64" "$out/node_modules/@tensorflow/tfjs-backend-webgpu/dist"
# The CLI in one file; the optional and lazily loaded packages a GPU bench never touches stay out.
node_modules/.bin/esbuild dist/cli/main.js --bundle --platform=node --target=node20 --outfile="$out/main.js" \
  --external:webgpu --external:@tensorflow/tfjs-node --external:onnxruntime-node --external:danfojs --external:tslab \
  --external:@resvg/resvg-wasm --external:deno --external:canvas --external:vega-canvas --log-level=error
# Dawn: its loader and the linux-x64 binary only.
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$out/node_modules/webgpu/"
xz -T0 -9 -c node_modules/webgpu/dist/linux-x64/dawn.node > "$out/dawn.node.xz"
# The engine checks that tfjs-backend-webgpu is installed (require.resolve); its code is in the bundle.
cp node_modules/@tensorflow/tfjs-backend-webgpu/package.json "$out/node_modules/@tensorflow/tfjs-backend-webgpu/"
touch "$out/node_modules/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.node.js"
xz -T0 -9 -c "$(readlink -f "$(command -v node)")" > "$out/node.xz"
cat > "$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# Assembles Node, Dawn and the bundled CLI under /tmp/hd once, then runs the CLI with the given arguments.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
hd=/tmp/hd
if [ ! -x $hd/node ]; then
  mkdir -p $hd && cp -r "$here/main.js" "$here/node_modules" $hd/
  xz -dc "$here/dawn.node.xz" > $hd/node_modules/webgpu/dist/linux-x64/dawn.node
  xz -dc "$here/node.xz" > $hd/node && chmod +x $hd/node
fi
exec $hd/node $hd/main.js "$@"
RUN
chmod +x "$out/run.sh"
du -sh "$out"
