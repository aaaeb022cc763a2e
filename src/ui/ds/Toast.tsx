import { Button } from './Button.tsx';
import { CircleAlert, CircleCheck, Info, X } from './icons.ts';
import type { ToastsModel } from './toast-model.ts';

/** The live region for transient messages; errors are announced assertively. */
export function ToastRegion({ model }: { model: ToastsModel }) {
  return (
    <div class="ds-toasts">
      {model.toasts.value.map((t) => {
        const Icon = t.tone === 'error' ? CircleAlert : t.tone === 'success' ? CircleCheck : Info;
        return (
          <div key={t.id} class={`ds-toast ds-toast--${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'}>
            <Icon size={16} aria-hidden="true" />
            <p>{t.message}</p>
            {t.action && <Button size="sm" variant="link" onClick={() => { t.action!.run(); model.dismiss(t.id); }}>{t.action.label}</Button>}
            <Button size="sm" variant="ghost" icon={X} label="Dismiss" onClick={() => model.dismiss(t.id)} />
          </div>
        );
      })}
    </div>
  );
}
