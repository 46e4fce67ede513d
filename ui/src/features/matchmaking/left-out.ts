// Why a request was left out, and why a meeting is suggested, in the window's language: the
// core's coded messages composed by the rules of `planning/left_out.rs` (`LeftOut::render`).
import type { CauseList, LeftOut, Message } from "../../lib/bindings";
import { messageText } from "../../lib/i18n/index.svelte";

function causesText(list: CauseList): string {
  const named = list.items
    .map((c) => messageText({ code: "reason.slots", params: { cause: messageText(c.message), count: String(c.slots) } }))
    .join(messageText({ code: "reason.separator" }));
  if (list.more === 0) return named;
  return messageText({ code: "reason.andMore", params: { list: named, count: String(list.more) } });
}

/** "every slot is ruled out: A is at “B” (4 slots); other slots also: A's lunch break (1 slot)". */
export function leftOutText(u: LeftOut): string {
  let text = messageText(u.message);
  if (u.causes.items.length > 0) text = messageText({ code: "reason.withCauses", params: { reason: text, causes: causesText(u.causes) } });
  if (u.others.items.length > 0) text = messageText({ code: "reason.withOthers", params: { reason: text, others: causesText(u.others) } });
  return text;
}

/** The reasons a meeting is suggested, joined ("both work on cardiology; shared interests: AI"). */
export function whyText(why: Message[]): string {
  return why.map((m) => messageText(m)).join(messageText({ code: "why.separator" }));
}
