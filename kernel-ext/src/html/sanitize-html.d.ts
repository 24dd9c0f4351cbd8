// The few parts of sanitize-html (a CommonJS function, no bundled types) that html/sanitize.ts uses.
// Declared here rather than through @types/sanitize-html, whose own dependency tree (htmlparser2 12)
// would be a second copy beside the one sanitize-html runs with.
declare module "sanitize-html" {
  function sanitizeHtml(dirty: string, options?: sanitizeHtml.Options): string;
  namespace sanitizeHtml {
    interface Attributes {
      [name: string]: string;
    }
    interface Transformed {
      tagName: string;
      attribs: Attributes;
    }
    /** sanitize-html only calls `.test(value)` on each entry, so a predicate object serves as well as a RegExp. */
    interface ValueTest {
      test(value: string): boolean;
    }
    interface Options {
      allowedTags?: string[];
      allowedAttributes?: Record<string, string[]>;
      allowedStyles?: Record<string, Record<string, ValueTest[]>>;
      allowedSchemes?: string[];
      allowedEmptyAttributes?: string[];
      allowedSchemesByTag?: Record<string, string[]>;
      allowedSchemesAppliedToAttributes?: string[];
      allowProtocolRelative?: boolean;
      disallowedTagsMode?: "discard" | "escape" | "recursiveEscape" | "completelyDiscard";
      transformTags?: Record<string, (tagName: string, attribs: Attributes) => Transformed>;
      nestingLimit?: number;
    }
  }
  export = sanitizeHtml;
}
