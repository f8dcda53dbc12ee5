// A confirmation asked in a modal <dialog>: labelled by its title, focus on
// the dialog itself (so a stray Enter confirms nothing), Escape or the
// cancel button answers no. Focus goes back where it was.

import {h} from './dom.js';

// Resolves true if the person confirms, false otherwise. `body` is nodes
// or text; `id` names the dialog for tests and styles.
export function confirmDialog({id, title, body, confirm, cancel, danger = true}) {
  const back = document.activeElement;
  const titleId = `${id}-title`;
  return new Promise((resolve) => {
    let answer = false;
    const dlg = h('dialog', {id, class: 'confirm-dialog', 'aria-labelledby': titleId, tabindex: '-1'},
      h('h2', {id: titleId}, title),
      h('div', {class: 'confirm-body'}, body),
      h('div', {class: 'row confirm-buttons'},
        h('button', {type: 'button', class: danger ? 'danger' : null, id: `${id}-yes`, onclick: () => {
          answer = true;
          dlg.close();
        }}, confirm),
        h('button', {type: 'button', class: 'secondary', id: `${id}-no`, onclick: () => dlg.close()}, cancel)));
    dlg.addEventListener('close', () => {
      dlg.remove();
      if (back && back.isConnected) back.focus();
      resolve(answer);
    });
    document.body.appendChild(dlg);
    dlg.showModal();
    dlg.focus();
  });
}
