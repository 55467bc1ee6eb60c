/**
 * The address the page last drew. Back and forward often fire both popstate and hashchange for one
 * move; main.ts draws once per address. A view that changes the address itself (the list's search and
 * filters, history.pushState) records it here, so moving back from it draws again.
 */
let drawn = '';

export function markDrawn(): void {
  drawn = location.href;
}

export function isDrawn(): boolean {
  return location.href === drawn;
}

/** A new entry in the history (or, `replace`, the current one changed) that the view has already drawn. */
export function setAddress(url: string, replace: boolean): void {
  if (replace) history.replaceState(history.state, '', url);
  else history.pushState(history.state, '', url);
  markDrawn();
}
