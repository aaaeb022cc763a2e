/** Apart from list-model.ts (signals): the side panel reads its first window before that code loads. */
export const ROW_HEIGHT = 52;
export const PAGE = 50;

/** The rows a list asks for with `offset` in view: a margin of rows above and below the page. */
export const listWindow = (offset: number, size = PAGE) => ({ offset: Math.max(0, offset - 10), limit: size + 20 });
