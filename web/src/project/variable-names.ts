import type { VariableReply } from '../../../control/src/api/replies.js';

// A key may be set in more than one scope; its Remove button then names the scope too, so every
// button says which variable it removes.

export function removeLabel(variable: Pick<VariableReply, 'key' | 'scope'>, all: ReadonlyArray<Pick<VariableReply, 'key'>>): string {
  const shared = all.filter((v) => v.key === variable.key).length > 1;
  return shared ? `Remove ${variable.key} (${variable.scope})` : `Remove ${variable.key}`;
}
