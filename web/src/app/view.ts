/** What the router hands to each view. */
export interface ViewContext {
  /** Call once the view's main heading is in place: sets the document title and, after a navigation, moves focus to it. */
  ready(heading: HTMLElement, title?: string): void;
}

/** A view renders into the page's <main> and returns a function that stops everything it started. */
export type Cleanup = () => void;
