import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Why Dawn may have found no adapter on Linux, where it reaches GPUs through Vulkan: the loader library
 * missing (the commonest case on a server image: the NVIDIA driver is there, `libvulkan1` is not), or no
 * driver manifest registered (a container started without the graphics capability has no
 * nvidia_icd.json). Dawn itself prints its reasons to stderr only, which a one-line note cannot quote.
 */
export function vulkanHint(env: NodeJS.ProcessEnv = process.env): string {
  if (!hasVulkanLoader(env)) {
    return 'the Vulkan loader (libvulkan.so.1) is not installed: Debian/Ubuntu `apt-get install libvulkan1`, Fedora `dnf install vulkan-loader`';
  }
  const manifests = icdManifests(env);
  if (manifests.length === 0) {
    return "no Vulkan driver is registered (no ICD manifest in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d): install the GPU's Vulkan driver (NVIDIA ships nvidia_icd.json with its driver; containers need NVIDIA_DRIVER_CAPABILITIES to include graphics)";
  }
  return `Vulkan drivers registered (${manifests.map((m) => path.basename(m)).join(', ')}), but none offers an adapter Dawn accepts (its reasons are on the trainer's stderr)`;
}

const LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/lib64', '/lib'];

function hasVulkanLoader(env: NodeJS.ProcessEnv): boolean {
  const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LIB_DIRS];
  if (dirs.some((d) => fs.existsSync(path.join(d, 'libvulkan.so.1')))) return true;
  try {
    // The dynamic linker's cache covers the directories of /etc/ld.so.conf.d as well.
    return execFileSync('ldconfig', ['-p'], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

function icdManifests(env: NodeJS.ProcessEnv): string[] {
  // VK_DRIVER_FILES (VK_ICD_FILENAMES before loader 1.3.207) replaces the search entirely.
  const explicit = (env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES ?? '').split(':').filter(Boolean);
  if (explicit.length > 0) return explicit.filter((f) => fs.existsSync(f));
  const dataDirs = [env.XDG_DATA_HOME ?? path.join(env.HOME ?? '/nonexistent', '.local/share'), ...(env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(':')];
  const dirs = ['/etc/vulkan/icd.d', ...dataDirs.map((d) => path.join(d, 'vulkan/icd.d'))];
  return dirs.flatMap((d) => {
    try {
      return fs.readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => path.join(d, f));
    } catch {
      return [];
    }
  });
}
