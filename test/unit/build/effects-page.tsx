import { useEffect } from 'preact/hooks';

/** A page loaded as a chunk of its own: it says when it opens and closes (its effect's cleanup). */
export function Page({ id, log, wide }: { id: string; log: string[]; wide: boolean }) {
  useEffect(() => {
    log.push(`open ${id}`);
    return () => { log.push(`close ${id}`); };
  }, [id]);
  return <p id="page" style={wide ? { width: '10px', color: 'red' } : { color: 'red' }}>{id}</p>;
}
