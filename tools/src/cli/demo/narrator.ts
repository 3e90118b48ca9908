// How the demo talks: a numbered heading per step, why it matters in a few
// wrapped lines, the equivalent CLI command, then what the services said.
const INDENT = '     ';

export interface Narrator {
  step(title: string, why: string): void;
  command(line: string): void;
  result(text: string): void;
}

export function createNarrator(print: (text: string) => void, totalSteps: number, width: number): Narrator {
  let current = 0;
  const textWidth = Math.max(40, Math.min(width, 100) - INDENT.length);
  return {
    step(title, why) {
      current += 1;
      print(`\n[${current}/${totalSteps}] ${title}`);
      print(indent(wrapText(why, textWidth)));
    },
    command(line) {
      print(`${INDENT}$ ${line}`);
    },
    result(text) {
      print(indent(text));
    },
  };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '' : INDENT + line))
    .join('\n');
}

/** Breaks `text` at spaces into lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapText(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}
