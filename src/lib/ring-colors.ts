// One palette for every picture of a ring (the investigator page and the HTML report): accounts by role,
// identifiers by type, evidence edges by kind.
export const ROLE_COLORS: Record<string, string> = { coordinator: '#b91c1c', member: '#ea580c', peripheral: '#f59e0b' };
export const TYPE_COLORS: Record<string, string> = {
  device: '#2563eb',
  ip: '#0891b2',
  card: '#7c3aed',
  phone: '#059669',
  email: '#db2777',
  address: '#65a30d',
  fingerprint: '#4f46e5',
};
export const OTHER_TYPE_COLOR = '#64748b';
export const HUB_COLOR = '#cbd5e1';
export const SYNC_EDGE_COLOR = '#a855f7';
export const SHARED_EDGE_COLOR = '#94a3b8';

export const roleColor = (role: string | null | undefined) => ROLE_COLORS[role ?? 'member'] ?? ROLE_COLORS.member!;
export const typeColor = (type: string, isHub = false) => (isHub ? HUB_COLOR : (TYPE_COLORS[type] ?? OTHER_TYPE_COLOR));
