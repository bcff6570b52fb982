import type { StudyDetailDto } from '../../shared/contract';
import type { CliApi } from './api/cli-api';

/** A study is at rest: finished, or paused/interrupted with none of its trials still running. */
export function studyAtRest(study: StudyDetailDto): boolean {
  if (study.status === 'completed' || study.status === 'failed') return true;
  return (study.status === 'paused' || study.status === 'interrupted') && study.runCounts.running === 0;
}

/**
 * Resolves with the study once it is at rest. Listens first, then looks, so an end between the two
 * is not missed; every change to the study or its runs triggers one fresh look.
 */
export function waitForStudyEnd(api: CliApi, studyId: number): Promise<StudyDetailDto> {
  return new Promise((resolve, reject) => {
    let looking = false;
    let again = false;
    const offs: (() => void)[] = [];
    const look = async (): Promise<void> => {
      if (looking) {
        again = true;
        return;
      }
      looking = true;
      try {
        do {
          again = false;
          const study = await api.call('studies.get', { id: studyId });
          if (studyAtRest(study)) {
            for (const off of offs) off();
            resolve(study);
            return;
          }
        } while (again);
      } catch (err) {
        for (const off of offs) off();
        reject(err);
      } finally {
        looking = false;
      }
    };
    offs.push(
      api.on('study-updated', (e) => void (e.studyId === studyId && look())),
      api.on('run-updated', (e) => void (e.studyId === studyId && look())),
    );
    void look();
  });
}

/**
 * The owner of a data directory runs other commands' studies too (a second `run` goes to it): it
 * stays until none is running, so leaving never interrupts someone else's study.
 */
export async function waitForOtherStudies(api: CliApi, announce: (study: { id: number; name: string }) => void): Promise<void> {
  for (;;) {
    const running = (await api.call('studies.list')).filter((s) => s.status === 'running' || s.runCounts.running > 0);
    const next = running[0];
    if (!next) return;
    announce(next);
    await waitForStudyEnd(api, next.id);
  }
}
