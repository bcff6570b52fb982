import type { StagedFile } from './client';

/**
 * Takes the entries out of a drop synchronously (the browser empties the DataTransfer once the drop
 * handler returns), then walks dropped folders asynchronously into files with their relative paths.
 */
export function entriesOfDrop(dataTransfer: DataTransfer): { entries: FileSystemEntry[]; looseFiles: File[] } {
  const entries: FileSystemEntry[] = [];
  const looseFiles: File[] = [];
  for (const item of [...dataTransfer.items]) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) looseFiles.push(file);
    }
  }
  return { entries, looseFiles };
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** readEntries answers in batches (100 in Chromium) until it answers an empty one. */
async function childrenOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

export async function walkEntries(entries: FileSystemEntry[], prefix = ''): Promise<StagedFile[]> {
  const out: StagedFile[] = [];
  for (const entry of entries) {
    const relativePath = prefix + entry.name;
    if (entry.isFile) out.push({ file: await fileOf(entry as FileSystemFileEntry), relativePath });
    else if (entry.isDirectory) out.push(...(await walkEntries(await childrenOf(entry as FileSystemDirectoryEntry), `${relativePath}/`)));
  }
  return out;
}
