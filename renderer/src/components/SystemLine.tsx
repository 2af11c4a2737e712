import type { SystemNote } from '../../../shared/domain';
import { useApp } from '../context';

export function SystemLine(props: { note: SystemNote }) {
  const { i18n } = useApp();
  const text = () =>
    i18n.t(props.note.change === 'created' && props.note.title === '' ? 'system.createdDirect' : `system.${props.note.change}`, {
      actor: props.note.actorName,
      subjects: i18n.list(props.note.subjectNames),
      title: props.note.title,
    });
  return (
    <div class="system-line">
      <span>{text()}</span>
    </div>
  );
}
