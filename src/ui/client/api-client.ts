// The page's only way to the data: fetches our own API with the key the investigator typed in.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Reason {
  code: string;
  text: string;
  weight: number;
}

export interface RingSummary {
  id: string;
  score: number;
  flagged: boolean;
  size: number;
  status: string;
  reasons: Reason[];
}

export interface RingPage {
  run: string;
  items: RingSummary[];
  nextCursor: string | null;
}

export interface RingDetail {
  run: string;
  ring: RingSummary & { features: Record<string, unknown>; previous: string[] };
  history: { run: string; status: string; size: number; score: number }[];
}

export interface RingGraph {
  run: string;
  ring: string;
  limit: number;
  truncated: boolean;
  totals: { accounts: number; entities: number; uses: number; edges: number };
  accounts: string[];
  members: { account: string; role: string | null; risk: number }[];
  entities: { id: string; type: string; value: string; degree: number; isHub: boolean }[];
  uses: { account: string; entity: string }[];
  edges: { source: string; target: string; weight: number; sharedEntities: string[]; syncTargets: number }[];
}

export interface Account {
  run: string;
  account: string;
  risk: number;
  flagged: boolean;
  ring: string | null;
  role: string | null;
  reasons: string[];
}

export class ApiClient {
  constructor(private readonly key: string) {}

  async get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
    const url = `${path}${params.size > 0 ? `?${params}` : ''}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${this.key}`, accept: 'application/json' } });
    if (!response.ok) {
      let detail = response.statusText;
      try {
        const problem = (await response.json()) as { detail?: string };
        if (problem.detail) detail = problem.detail;
      } catch {
        // not a problem document; keep the status text
      }
      throw new ApiError(response.status, detail);
    }
    return (await response.json()) as T;
  }

  rings(filters: { minScore?: number | undefined; status?: string | undefined; cursor?: string | undefined }): Promise<RingPage> {
    return this.get('/v1/rings', { limit: 100, minScore: filters.minScore, status: filters.status, cursor: filters.cursor });
  }

  ring(id: string): Promise<RingDetail> {
    return this.get(`/v1/rings/${encodeURIComponent(id)}`);
  }

  graph(id: string, limit: number): Promise<RingGraph> {
    return this.get(`/v1/rings/${encodeURIComponent(id)}/graph`, { limit });
  }

  account(id: string): Promise<Account> {
    return this.get(`/v1/accounts/${encodeURIComponent(id)}`);
  }
}
