// TypeDoc plugin: members of generated/ (openapi-typescript's `paths` and `components`, the
// `operations` table) are documented by the spec they come from, not by TSDoc we could write:
// generated/ is never edited by hand. The exports themselves still need TSDoc (in src/), and every
// hand-written declaration stays under `validation.notDocumented`.
import { Converter, ReflectionKind } from "typedoc";

const GENERATED = /[\\/]generated[\\/]/;

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const names = new Set(app.options.getValue("intentionallyNotDocumented"));
    for (const reflection of Object.values(context.project.reflections)) {
      if (reflection.hasComment() || reflection.kindOf(ReflectionKind.Project | ReflectionKind.Module)) continue;
      const from = reflection.sources?.[0]?.fullFileName ?? "";
      // Only members: a generated declaration exported under its own name must carry a comment.
      if (GENERATED.test(from) && reflection.parent && !reflection.parent.kindOf(ReflectionKind.Module))
        names.add(reflection.getFriendlyFullName());
    }
    app.options.setValue("intentionallyNotDocumented", [...names]);
  });
}
