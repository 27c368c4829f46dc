import type { Exchange } from "../caller.js";

/** A list page as the suite reads it: every field optional, since the checks judge the schema. */
export interface ListBody {
  items?: { id?: unknown }[];
  page?: number;
  max_page?: number;
  count?: number;
}

export const listBody = (ex: Exchange): ListBody => (ex.body ?? {}) as ListBody;
export const idsOf = (ex: Exchange): unknown[] => (listBody(ex).items ?? []).map((i) => i?.id);
