/**
 * Edits of JSON-with-comments files (tsconfig.json, package.json) that keep everything the user
 * wrote: comments, key order, indentation and line endings. jsonc-parser computes the minimal text
 * edit for each change.
 */
import {
  applyEdits,
  type FormattingOptions,
  modify,
  type ParseError,
  parse,
  printParseErrorCode,
} from "jsonc-parser";
import { CliError } from "../errors.js";

export type JsonPath = (string | number)[];

/** The file's value; a file jsonc-parser cannot read is refused with the place of the first error. */
export function parseJsonc(text: string, file: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const error = errors[0];
  if (error) {
    const before = text.slice(0, error.offset);
    const line = before.split("\n").length;
    const column = error.offset - before.lastIndexOf("\n");
    throw new CliError(
      "CLI3008_TSCONFIG",
      `cannot parse (${printParseErrorCode(error.error)}); fix it by hand, init changes nothing`,
      `${file}:${line}:${column}`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CliError("CLI3008_TSCONFIG", "not a JSON object; fix it by hand, init changes nothing", file);
  }
  return value;
}

/** `value` set at `path` (an array index of -1 appends), formatted like the rest of the file. */
export function setJsonc(text: string, path: JsonPath, value: unknown): string {
  return applyEdits(text, modify(text, path, value, { formattingOptions: formattingOf(text) }));
}

/** The indentation and line ending the file already uses (two spaces and \n for a new file). */
function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? "  ";
  return {
    insertSpaces: !indent.startsWith("\t"),
    tabSize: indent.startsWith("\t") ? 1 : indent.length,
    eol: text.includes("\r\n") ? "\r\n" : "\n",
  };
}
