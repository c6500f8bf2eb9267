import { describe, expect, it } from "vitest"
import { type OfflinePlan, planOffline } from "../src/chat/OfflinePlanner.ts"

const add = (text: string): OfflinePlan => ({ kind: "add", text })
const show = (heading: string, query: Record<string, string>): OfflinePlan => ({ kind: "show", heading, query })
const act = (action: "complete" | "reopen" | "delete", title: string): OfflinePlan => ({ kind: "act", action, title })

/** What people type, and what the assistant does without a model. */
const phrasings: ReadonlyArray<readonly [string, OfflinePlan]> = [
  ["add pay rent on the 1st of every month at 9am", add("pay rent on the 1st of every month at 9am")],
  ["Add a task: call mum tomorrow 6pm", add("call mum tomorrow 6pm")],
  ["create task buy milk #errands", add("buy milk #errands")],
  ["new task called Water the plants every 3 days", add("Water the plants every 3 days")],
  ["todo: renew passport next month !high", add("renew passport next month !high")],
  ["remind me to call the dentist tomorrow at 10am", add("call the dentist tomorrow at 10am")],
  ["I need to file taxes by Friday", add("file taxes by Friday")],
  ["don't forget to buy flowers on Saturday", add("buy flowers on Saturday")],
  ["please add book flights, please", add("book flights")],
  ["Buy stamps tomorrow", add("Buy stamps tomorrow")],
  ["what's due today?", show("Today", { filter: "(today | overdue) & open" })],
  ["show me today", show("Today", { filter: "(today | overdue) & open" })],
  ["What is overdue", show("Overdue", { filter: "overdue" })],
  ["list tomorrow's tasks", show("Tomorrow", { filter: "tomorrow & open" })],
  ["what do I have this week", show("Next 7 days", { filter: "next 7 days & open" })],
  ["show upcoming", show("Next 7 days", { filter: "next 7 days & open" })],
  ["show #work", show("#work", { filter: "#work & open" })],
  ["list tasks tagged home", show("#home", { filter: "#home & open" })],
  ["show urgent tasks", show("High priority", { filter: "priority >= high & open" })],
  ["show completed tasks", show("Completed", { status: "completed" })],
  ["show my tasks", show("Open tasks", {})],
  ["show p1 & #work", show("p1 & #work", { filter: "p1 & #work" })],
  [
    "filter: due before: 2027-01-01 & !#someday",
    show("due before: 2027-01-01 & !#someday", { filter: "due before: 2027-01-01 & !#someday" })
  ],
  ["search dentist", show('Matching "dentist"', { q: "dentist" })],
  ["find the invoice", show('Matching "invoice"', { q: "invoice" })],
  ["show tags", { kind: "tags" }],
  ["list my saved views", { kind: "views" }],
  ["complete pay rent", act("complete", "pay rent")],
  ["done with the report", act("complete", "report")],
  ["mark 'call mum' as done", act("complete", "call mum")],
  ["I finished buy milk", act("complete", "buy milk")],
  ["check off water the plants", act("complete", "water the plants")],
  ["reopen buy milk", act("reopen", "buy milk")],
  ["mark buy milk as not done", act("reopen", "buy milk")],
  ["delete the task buy milk", act("delete", "buy milk")],
  ["remove dentist appointment", act("delete", "dentist appointment")],
  ["set a reminder for pay rent 1 day before", { kind: "remind", title: "pay rent", minutesBefore: 1440 }],
  ["remind me about the dentist 30 minutes before", { kind: "remind", title: "dentist", minutesBefore: 30 }],
  ["remind me of call mum 2 hours before", { kind: "remind", title: "call mum", minutesBefore: 120 }],
  ["help", { kind: "help" }],
  ["what can you do?", { kind: "help" }],
  ["how is the weather", { kind: "help" }]
]

describe("the offline planner", () => {
  it.each(phrasings)("%s", (text, expected) => {
    expect(planOffline(text)).toEqual(expected)
  })
})
