// The current dump's dominator treemap (the treemap view's layout) with each box coloured by how much of its
// retained size is new since the baseline (growth-colour.ts). Names are dump text: rendered as text.
import { useMemo, useState } from 'react';
import type { NodeGrowth, TreemapNode } from '../../../core/api.ts';
import { formatBytes } from '../../format.ts';
import { objectHash } from '../../routes.ts';
import { cellName, layoutTreemap } from '../treemap/treemap-layout.ts';
import { growthBackground, growthShare } from './growth-colour.ts';

const WIDTH = 960;
const HEIGHT = 380;

export function GrowthTreemap({ root, growth }: { root: TreemapNode; growth: NodeGrowth[] }) {
  const byIndex = useMemo(() => new Map(growth.map((g) => [g.index, g])), [growth]);
  const cells = useMemo(() => layoutTreemap(root, WIDTH, HEIGHT), [root]);
  const [hover, setHover] = useState<string | null>(null);
  const signed = (x: number) => (x >= 0 ? '+' : '\u2212') + formatBytes(Math.abs(x));
  return (
    <div>
      <div className="treemap-box growth-treemap" style={{ width: WIDTH, height: HEIGHT, flex: 'none' }} data-testid="diff-treemap">
        {cells.map((c) => {
          const g = byIndex.get(c.node.index);
          const share = growthShare(g);
          const text =
            `${cellName(c.node)}: ${formatBytes(c.node.retainedBytes)} retained` +
            (g ? `, ${signed(g.current - g.baseline)} since the baseline` : ', not compared');
          return (
            <a
              key={c.key}
              href={c.node.address ? objectHash(c.node.address) : undefined}
              className={'tm-cell' + (c.hasChildren ? ' parent' : '')}
              style={{ left: c.x, top: c.y, width: c.width, height: c.height, background: growthBackground(share) }}
              title={text}
              onMouseEnter={() => setHover(text)}
              data-testid="diff-treemap-cell"
              data-growth={share === null ? '' : share.toFixed(3)}
            >
              {c.label !== null && <span className="tm-label">{c.label}</span>}
            </a>
          );
        })}
      </div>
      <p className="dim treemap-note" data-testid="diff-treemap-hover">
        {hover ?? 'Red: the share of a box that is new since the baseline; blue: it shrank; grey: no such place in the baseline.'}
      </p>
    </div>
  );
}
