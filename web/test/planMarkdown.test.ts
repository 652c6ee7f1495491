import { describe, expect, it } from "vitest";
import { applyMarkdown, markdownProblem } from "../src/lib/planMarkdown";

describe("the Markdown a plan may hold (as the server checks it)", () => {
  it("lets headings, lists, tables and ordinary links through", () => {
    for (const ok of ["## Rubrik\n\n- en\n- två", "| a | b |\n|---|---|\n| 1 | 2 |", "[webb](https://norrbotten.se) och [här](#ekonomi)",
      "Mindre än < 5 %", "<https://example.se>", "[bilaga](bilaga-5.pdf)"]) {
      expect(markdownProblem(ok)).toBeNull();
    }
  });
  it("names HTML, images and other link schemes", () => {
    expect(markdownProblem("Hej <script>x</script>")).toEqual({ key: "markdown.html", excerpt: "<script>x</script>" });
    expect(markdownProblem("![bild](a.png)")?.key).toBe("markdown.image");
    expect(markdownProblem("[x](javascript:alert(1))")?.key).toBe("markdown.link");
    expect(markdownProblem("[x]: data:text/html,hi")?.key).toBe("markdown.link");
  });
});

describe("the toolbar", () => {
  const words = { text: "text", link: "länktext" };
  it("wraps the selection", () => {
    expect(applyMarkdown("bold", "a viktigt b", 2, 9, words)).toEqual({ text: "a **viktigt** b", start: 4, end: 11 });
    expect(applyMarkdown("link", "", 0, 0, words).text).toBe("[länktext](https://)");
  });
  it("prefixes every selected line", () => {
    expect(applyMarkdown("bullets", "ett\ntvå\ntre", 0, 7, words).text).toBe("- ett\n- två\ntre");
    expect(applyMarkdown("numbers", "ett\ntvå", 0, 7, words).text).toBe("1. ett\n2. två");
    expect(applyMarkdown("heading", "före\nRubrik", 6, 6, words).text).toBe("före\n## Rubrik");
  });
});
