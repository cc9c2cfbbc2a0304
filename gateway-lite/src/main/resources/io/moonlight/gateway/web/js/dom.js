// Small DOM helpers. Text always goes in as textContent, never as HTML.

export function byId(id) {
  return document.getElementById(id);
}

/** An element with the given properties (dataset and aria attributes by name) and children. */
export function element(tag, properties = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(properties)) {
    if (name.startsWith('data-') || name.startsWith('aria-')) {
      node.setAttribute(name, value);
    } else {
      node[name] = value;
    }
  }
  node.append(...children);
  return node;
}
