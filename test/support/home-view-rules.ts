type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Block types a Home view may hold (Block Kit), and their limits. */
const HOME_BLOCK_TYPES = new Set(['section', 'header', 'divider', 'actions', 'context', 'image', 'input', 'rich_text', 'video', 'file']);

/**
 * What is wrong with a Home tab view under Block Kit's rules (empty when nothing): type `home`, at most 100 blocks of
 * known types, texts within their limits (section 3,000, field 2,000 and 10 fields, header 150, button 75, context 10
 * elements), action ids unique across the view, at most 25 elements per actions block, callback_id ≤ 255.
 */
export function homeViewProblems(view: unknown): string[] {
  const out: string[] = [];
  if (!isObj(view)) return ['view is not an object'];
  if (view.type !== 'home') out.push(`view type ${String(view.type)} is not home`);
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255) out.push('callback_id over 255 characters');
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) out.push('private_metadata over 3000 characters');
  const blocks = view.blocks;
  if (!Array.isArray(blocks)) return [...out, 'blocks is not an array'];
  if (blocks.length > 100) out.push(`${blocks.length} blocks (at most 100)`);
  const actionIds = new Set<string>();
  const textOf = (t: unknown, max: number, where: string, plain = false) => {
    if (!isObj(t) || typeof t.text !== 'string' || !['plain_text', 'mrkdwn'].includes(String(t.type))) return out.push(`${where}: not a text object`);
    if (plain && t.type !== 'plain_text') out.push(`${where}: must be plain_text`);
    if (t.text.length === 0) out.push(`${where}: empty text`);
    if (t.text.length > max) out.push(`${where}: ${t.text.length} characters (at most ${max})`);
    return 0;
  };
  blocks.forEach((b: unknown, i) => {
    const where = `block ${i}`;
    if (!isObj(b) || !HOME_BLOCK_TYPES.has(String(b.type))) return out.push(`${where}: unknown block type ${isObj(b) ? String(b.type) : typeof b}`);
    if (typeof b.block_id === 'string' && b.block_id.length > 255) out.push(`${where}: block_id over 255 characters`);
    if (b.type === 'header') textOf(b.text, 150, `${where} header`, true);
    if (b.type === 'section') {
      if (b.text === undefined && b.fields === undefined) out.push(`${where}: section without text or fields`);
      if (b.text !== undefined) textOf(b.text, 3000, `${where} text`);
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length > 10) out.push(`${where}: more than 10 fields`);
        else b.fields.forEach((f: unknown, j) => textOf(f, 2000, `${where} field ${j}`));
      }
    }
    if (b.type === 'context') {
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10) out.push(`${where}: context needs 1 to 10 elements`);
      else b.elements.forEach((e: unknown, j) => textOf(e, 3000, `${where} element ${j}`));
    }
    if (b.type === 'actions') {
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25) out.push(`${where}: actions needs 1 to 25 elements`);
      else {
        b.elements.forEach((e: unknown, j) => {
          if (!isObj(e) || e.type !== 'button') return out.push(`${where} element ${j}: not a button`);
          textOf(e.text, 75, `${where} button ${j}`, true);
          const id = String(e.action_id ?? '');
          if (!id || id.length > 255) out.push(`${where} button ${j}: action_id missing or over 255 characters`);
          if (actionIds.has(id)) out.push(`${where} button ${j}: action_id ${id} used twice`);
          actionIds.add(id);
          if (typeof e.value === 'string' && e.value.length > 2000) out.push(`${where} button ${j}: value over 2000 characters`);
          return 0;
        });
      }
    }
    return 0;
  });
  return out;
}
