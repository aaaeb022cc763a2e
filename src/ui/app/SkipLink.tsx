/**
 * The first Tab stop of a page: "Skip to content", shown only while focused. Enter puts focus on
 * the screen's heading (or its main area), past the header's links (the dashboard has fourteen).
 * No href to follow: a "#main" hash would be read as a route.
 */
export function SkipLink() {
  const skip = (e: Event) => {
    e.preventDefault();
    const main = document.querySelector<HTMLElement>('main');
    const heading = main?.querySelector<HTMLElement>('h2');
    const target = heading ?? main;
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  };
  return <a class="skip-link" href="#/" onClick={skip}>Skip to content</a>;
}
