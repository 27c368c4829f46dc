import { Validator } from "jsonschema";
import { requestBodySchemas, responseSchemas } from "../generated/operation-schemas.js";
import { createAjv } from "../scripts/lib/emit-validators.js";
import { built } from "./built.js";
import { type Comparison, throughput } from "./harness.js";

const LIST_KEY = "get /webhooks 200 application/json";
const CREATE_KEY = "post /webhooks application/json";

const webhook = (i: number) => ({
  id: i,
  url: `https://hooks.example.com/${i}`,
  event_type: "lead_received",
  created_at: "2024-11-27T16:10:44.929678Z",
  updated_at: "2024-11-27T16:10:44.929678Z",
  org_id: 1,
  custom_headers: { "X-Team": "growth", "X-Token": `token-${i}` },
});
const listPage = { page: 1, max_page: 1, count: 100, items: Array.from({ length: 100 }, (_, i) => webhook(i)) };
const createBody = {
  items: Array.from({ length: 3 }, (_, i) => ({
    url: `https://h.example.com/${i}`,
    event_type: "lead_received",
    custom_headers: { "X-A": "1", "X-B": "2" },
  })),
};

export async function validationThroughput(): Promise<{ comparisons: Comparison[]; ajvCompileMs: number }> {
  const { requestValidators } = await built<typeof import("../generated/request-validators.js")>(
    "generated/request-validators.js",
  );
  const { responseValidators } = await built<typeof import("../generated/response-validators.js")>(
    "generated/response-validators.js",
  );
  const started = performance.now();
  const ajv = createAjv({ standalone: false });
  const ajvList = ajv.compile(responseSchemas[LIST_KEY] as object);
  const ajvCreate = ajv.compile(requestBodySchemas[CREATE_KEY] as object);
  const ajvCompileMs = performance.now() - started;
  const jsonschema = new Validator();
  const listSchema = responseSchemas[LIST_KEY] as object;
  const createSchema = requestBodySchemas[CREATE_KEY] as object;
  const standaloneList = responseValidators[LIST_KEY];
  const standaloneCreate = requestValidators[CREATE_KEY];
  if (!standaloneList || !standaloneCreate) throw new Error("generated validators missing");
  // Every contender must agree the data is valid, or the comparison means nothing.
  for (const ok of [
    standaloneList(listPage),
    ajvList(listPage),
    jsonschema.validate(listPage, listSchema).valid,
    standaloneCreate(createBody),
    ajvCreate(createBody),
    jsonschema.validate(createBody, createSchema).valid,
  ]) {
    if (!ok) throw new Error("a validator rejected the benchmark data");
  }
  const comparisons = [
    await throughput(
      "validate a 100-item list page",
      {
        "generated standalone (Ajv)": () => standaloneList(listPage),
        "Ajv compiled at run time": () => ajvList(listPage),
        "jsonschema 1.5": () => jsonschema.validate(listPage, listSchema),
      },
      { batch: 200, rounds: 11 },
    ),
    await throughput(
      "validate a create body (3 items)",
      {
        "generated standalone (Ajv)": () => standaloneCreate(createBody),
        "Ajv compiled at run time": () => ajvCreate(createBody),
        "jsonschema 1.5": () => jsonschema.validate(createBody, createSchema),
      },
      { batch: 5000, rounds: 11 },
    ),
  ];
  return { comparisons, ajvCompileMs };
}
