/**
 * What people type into quick add, modelled on Todoist's documented syntax ("Introduction to dates
 * and time", "Introduction to recurring due dates", `p1`–`p4`, `@labels`) and TickTick's smart
 * recognition (`!high`, `#tags`, "every weekday", "after completion"), with what each line must
 * become. Evaluated on Wednesday 18 November 2026 at 11:00 in Europe/Berlin (`corpusContext`).
 *
 * A row lists everything the task gets: a field left out must come out empty (no due, no rule, no
 * tags, no reminders, no priority). Rows marked `hard` are known misses, kept to show the limits:
 * each says why.
 */
import type { Priority } from "../src/Priority.ts"

export interface CorpusRow {
  readonly text: string
  readonly title: string
  /** "2026-11-19" (all day) or "2026-11-19T17:00" (in Europe/Berlin). */
  readonly due?: string
  readonly rule?: string
  readonly mode?: "completion"
  /** Minutes before the due, or a local date-time in Europe/Berlin for an absolute reminder. */
  readonly reminders?: ReadonlyArray<number | string>
  readonly priority?: Priority
  readonly tags?: ReadonlyArray<string>
  /** Why the parser misses this one. */
  readonly hard?: string
}

export const corpusContext = { now: "2026-11-18T10:00:00Z", zone: "Europe/Berlin" } as const

const WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
const untouched = (text: string): CorpusRow => ({ text, title: text })

export const corpus: ReadonlyArray<CorpusRow> = [
  // Dates
  { text: "Call mom today", title: "Call mom", due: "2026-11-18" },
  { text: "Call mom tomorrow", title: "Call mom", due: "2026-11-19" },
  { text: "Buy milk tmrw", title: "Buy milk", due: "2026-11-19" },
  { text: "Dentist the day after tomorrow", title: "Dentist", due: "2026-11-20" },
  { text: "Dentist day after tomorrow", title: "Dentist", due: "2026-11-20" },
  { text: "Plan sprint next week", title: "Plan sprint", due: "2026-11-23" },
  { text: "Review budget next month", title: "Review budget", due: "2026-12-01" },
  { text: "Renew domain next year", title: "Renew domain", due: "2027-01-01" },
  { text: "Dentist next fri", title: "Dentist", due: "2026-11-20" },
  { text: "Dentist next wednesday", title: "Dentist", due: "2026-11-25" },
  { text: "Party on friday", title: "Party", due: "2026-11-20" },
  { text: "Party on wednesday", title: "Party", due: "2026-11-18" },
  { text: "Party this friday", title: "Party", due: "2026-11-20" },
  { text: "Clean garage this weekend", title: "Clean garage", due: "2026-11-21" },
  { text: "Hike next weekend", title: "Hike", due: "2026-11-28" },
  { text: "Renew passport in 3 days", title: "Renew passport", due: "2026-11-21" },
  { text: "Renew passport in 2 weeks", title: "Renew passport", due: "2026-12-02" },
  { text: "Check results in a week", title: "Check results", due: "2026-11-25" },
  { text: "Car service in 6 months", title: "Car service", due: "2027-05-18" },
  { text: "Renew insurance in one year", title: "Renew insurance", due: "2027-11-18" },
  { text: "Buy gift dec 5", title: "Buy gift", due: "2026-12-05" },
  { text: "Buy gift 5 dec", title: "Buy gift", due: "2026-12-05" },
  { text: "Buy gift december 5th", title: "Buy gift", due: "2026-12-05" },
  { text: "Buy gift 5th of december", title: "Buy gift", due: "2026-12-05" },
  { text: "File taxes apr 15", title: "File taxes", due: "2027-04-15" },
  { text: "Renew lease on jun 1 2028", title: "Renew lease", due: "2028-06-01" },
  { text: "Conference Jan 27", title: "Conference", due: "2027-01-27" },
  { text: "Conference 27 Jan", title: "Conference", due: "2027-01-27" },
  { text: "Standup 2026-12-01", title: "Standup", due: "2026-12-01" },
  { text: "Pay invoice end of month", title: "Pay invoice", due: "2026-11-30" },
  { text: "Close books by the end of the month", title: "Close books", due: "2026-11-30" },
  { text: "Celebrate feb 29", title: "Celebrate", due: "2028-02-29" },
  { text: "Anniversary nov 18", title: "Anniversary", due: "2026-11-18" },
  { text: "Anniversary nov 17", title: "Anniversary", due: "2027-11-17" },
  { text: "Send report by friday", title: "Send report", due: "2026-11-20" },
  { text: "Finish draft by tomorrow", title: "Finish draft", due: "2026-11-19" },
  { text: "Submit form by dec 1", title: "Submit form", due: "2026-12-01" },
  { text: "Pay bills due monday", title: "Pay bills", due: "2026-11-23" },
  { text: "Submit timesheet friday", title: "Submit timesheet", due: "2026-11-20" },
  { text: "Lunch with Sam on the 5th", title: "Lunch with Sam", due: "2026-12-05" },
  { text: "Book venue mid january", title: "Book venue", due: "2027-01-15" },
  { text: "Call dad Dec. 24", title: "Call dad", due: "2026-12-24" },
  { text: "Water plants tomorrow.", title: "Water plants", due: "2026-11-19" },
  { text: "Meet Ana on dec 3", title: "Meet Ana", due: "2026-12-03" },
  { text: "Renew car registration on 15 jan", title: "Renew car registration", due: "2027-01-15" },
  { text: "Exam on the 3rd of December", title: "Exam", due: "2026-12-03" },
  { text: "Prepare taxes by april 30", title: "Prepare taxes", due: "2027-04-30" },
  { text: "Return library books by next wednesday", title: "Return library books", due: "2026-11-25" },
  { text: "Follow up with client in 2 days p2", title: "Follow up with client", due: "2026-11-20", priority: "high" },
  { text: "Pick up dry cleaning thursday", title: "Pick up dry cleaning", due: "2026-11-19" },
  {
    text: "Book flights for next month",
    title: "Book flights",
    due: "2026-12-01",
    hard: "'for' before a date is sometimes the title's own word ('Prepare for Monday'), so it stays"
  },
  {
    text: "Dentist appointment 3/15 10am",
    title: "Dentist appointment",
    due: "2027-03-15T10:00",
    hard: "numeric dates are locale-dependent (3/15, 15/3) and look like fractions (1/2): not read"
  },
  {
    text: "Buy gift 2 weeks before Christmas",
    title: "Buy gift",
    due: "2026-12-11",
    hard: "holidays and offsets from them are not in the vocabulary"
  },

  // Times and parts of the day
  { text: "Call mom tomorrow 5pm", title: "Call mom", due: "2026-11-19T17:00" },
  { text: "Call mom tomorrow at 5 pm", title: "Call mom", due: "2026-11-19T17:00" },
  { text: "Call mom 5pm tomorrow", title: "Call mom", due: "2026-11-19T17:00" },
  { text: "Call bank at 9am", title: "Call bank", due: "2026-11-19T09:00" },
  { text: "Call bank 9:30", title: "Call bank", due: "2026-11-19T09:30" },
  { text: "Call bank at 5pm", title: "Call bank", due: "2026-11-18T17:00" },
  { text: "Call bank at 17", title: "Call bank", due: "2026-11-18T17:00" },
  { text: "Call bank 17:45", title: "Call bank", due: "2026-11-18T17:45" },
  { text: "Lunch with Ana at noon", title: "Lunch with Ana", due: "2026-11-18T12:00" },
  { text: "Deploy at midnight", title: "Deploy", due: "2026-11-19T00:00" },
  { text: "Call Bob 5:30pm", title: "Call Bob", due: "2026-11-18T17:30" },
  { text: "Wake up 6 am", title: "Wake up", due: "2026-11-19T06:00" },
  { text: "Standup 2026-12-01 09:00", title: "Standup", due: "2026-12-01T09:00" },
  { text: "Call mom tomorrow morning", title: "Call mom", due: "2026-11-19T09:00" },
  { text: "Call mom tomorrow in the morning", title: "Call mom", due: "2026-11-19T09:00" },
  { text: "Gym tomorrow afternoon", title: "Gym", due: "2026-11-19T15:00" },
  { text: "Dinner tomorrow evening", title: "Dinner", due: "2026-11-19T19:00" },
  { text: "Read tomorrow night", title: "Read", due: "2026-11-19T20:00" },
  { text: "Take out trash tonight", title: "Take out trash", due: "2026-11-18T20:00" },
  { text: "Call plumber this afternoon", title: "Call plumber", due: "2026-11-18T15:00" },
  { text: "Review PR this evening", title: "Review PR", due: "2026-11-18T19:00" },
  { text: "Team meeting monday morning", title: "Team meeting", due: "2026-11-23T09:00" },
  { text: "Drinks friday 6pm", title: "Drinks", due: "2026-11-20T18:00" },
  { text: "Call Ana friday at 5pm", title: "Call Ana", due: "2026-11-20T17:00" },
  { text: "Yoga wednesday 7pm", title: "Yoga", due: "2026-11-18T19:00" },
  { text: "Stand-up next fri at 10am", title: "Stand-up", due: "2026-11-20T10:00" },
  { text: "Check oven in 2 hours", title: "Check oven", due: "2026-11-18T13:00" },
  { text: "Stretch in 30 minutes", title: "Stretch", due: "2026-11-18T11:30" },
  { text: "Move car in 90 min", title: "Move car", due: "2026-11-18T12:30" },
  { text: "Call back in an hour", title: "Call back", due: "2026-11-18T12:00" },
  { text: "Pick up kids today at 3:15pm", title: "Pick up kids", due: "2026-11-18T15:15" },
  { text: "Flight dec 20 at 6:45am", title: "Flight", due: "2026-12-20T06:45" },
  { text: "Doctor jan 5 2027 at 14:30", title: "Doctor", due: "2027-01-05T14:30" },
  { text: "Meet Dec at 5pm", title: "Meet Dec", due: "2026-11-18T17:00" },
  { text: "Finish essay by 5pm", title: "Finish essay", due: "2026-11-18T17:00" },
  { text: "Finish slides by tomorrow 9am", title: "Finish slides", due: "2026-11-19T09:00" },
  { text: "Call mom on Sunday at 2pm", title: "Call mom", due: "2026-11-22T14:00" },
  { text: "Meeting with John on Tuesday 10am", title: "Meeting with John", due: "2026-11-24T10:00" },
  { text: "Book dentist next tuesday afternoon", title: "Book dentist", due: "2026-11-24T15:00" },
  { text: "Dinner reservation sat 7:30pm", title: "Dinner reservation", due: "2026-11-21T19:30" },
  { text: "Vet appointment nov 30 at 10:15", title: "Vet appointment", due: "2026-11-30T10:15" },
  { text: "Call the bank tomorrow at 10:30 am", title: "Call the bank", due: "2026-11-19T10:30" },
  { text: "Project kickoff next monday at 9", title: "Project kickoff", due: "2026-11-23T09:00" },
  { text: "Doctor appointment on friday, 3pm", title: "Doctor appointment", due: "2026-11-20T15:00" },
  { text: "Respond to emails this morning", title: "Respond to emails", due: "2026-11-18T09:00" },
  { text: "Send invoice by friday 12pm", title: "Send invoice", due: "2026-11-20T12:00" },
  {
    text: "Dinner at 7 tonight",
    title: "Dinner",
    due: "2026-11-18T19:00",
    hard: "a bare hour after 'at' is 24-hour time (07:00); only the later 'tonight' says it is the evening"
  },

  // Recurrence: days and weeks
  { text: "Journal every day", title: "Journal", due: "2026-11-18", rule: "FREQ=DAILY" },
  { text: "Journal daily", title: "Journal", due: "2026-11-18", rule: "FREQ=DAILY" },
  { text: "Floss every night", title: "Floss", due: "2026-11-18T20:00", rule: "FREQ=DAILY" },
  { text: "Meditate every morning", title: "Meditate", due: "2026-11-19T09:00", rule: "FREQ=DAILY" },
  { text: "Review inbox every evening", title: "Review inbox", due: "2026-11-18T19:00", rule: "FREQ=DAILY" },
  { text: "Water plants every other day", title: "Water plants", due: "2026-11-18", rule: "FREQ=DAILY;INTERVAL=2" },
  { text: "Water plants every 3 days", title: "Water plants", due: "2026-11-18", rule: "FREQ=DAILY;INTERVAL=3" },
  { text: "Water plants every 3rd day", title: "Water plants", due: "2026-11-18", rule: "FREQ=DAILY;INTERVAL=3" },
  { text: "Standup every weekday", title: "Standup", due: "2026-11-18", rule: WEEKDAYS },
  { text: "Standup every workday at 9:30", title: "Standup", due: "2026-11-19T09:30", rule: WEEKDAYS },
  { text: "Every weekday at 9am standup", title: "standup", due: "2026-11-19T09:00", rule: WEEKDAYS },
  { text: "Clean house every weekend", title: "Clean house", due: "2026-11-21", rule: "FREQ=WEEKLY;BYDAY=SA,SU" },
  { text: "Review every week", title: "Review", due: "2026-11-18", rule: "FREQ=WEEKLY" },
  { text: "Review weekly", title: "Review", due: "2026-11-18", rule: "FREQ=WEEKLY" },
  { text: "Backup every 2 weeks", title: "Backup", due: "2026-11-18", rule: "FREQ=WEEKLY;INTERVAL=2" },
  { text: "Payroll every other week", title: "Payroll", due: "2026-11-18", rule: "FREQ=WEEKLY;INTERVAL=2" },
  { text: "Sync with Ana fortnightly", title: "Sync with Ana", due: "2026-11-18", rule: "FREQ=WEEKLY;INTERVAL=2" },
  { text: "Haircut every 6 weeks", title: "Haircut", due: "2026-11-18", rule: "FREQ=WEEKLY;INTERVAL=6" },
  { text: "Gym every monday", title: "Gym", due: "2026-11-23", rule: "FREQ=WEEKLY;BYDAY=MO" },
  { text: "Gym every mon, fri", title: "Gym", due: "2026-11-20", rule: "FREQ=WEEKLY;BYDAY=MO,FR" },
  { text: "Gym every mon wed fri", title: "Gym", due: "2026-11-18", rule: "FREQ=WEEKLY;BYDAY=MO,WE,FR" },
  { text: "Gym every monday and thursday", title: "Gym", due: "2026-11-19", rule: "FREQ=WEEKLY;BYDAY=MO,TH" },
  {
    text: "Gym every mon, wed and fri at 7am",
    title: "Gym",
    due: "2026-11-20T07:00",
    rule: "FREQ=WEEKLY;BYDAY=MO,WE,FR"
  },
  { text: "1:1 every other monday", title: "1:1", due: "2026-11-23", rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO" },
  {
    text: "Sync every 2 weeks on monday and friday",
    title: "Sync",
    due: "2026-11-20",
    rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR"
  },
  { text: "Swim every tuesday at 6pm", title: "Swim", due: "2026-11-24T18:00", rule: "FREQ=WEEKLY;BYDAY=TU" },
  {
    text: "Team lunch every friday at noon",
    title: "Team lunch",
    due: "2026-11-20T12:00",
    rule: "FREQ=WEEKLY;BYDAY=FR"
  },
  { text: "Report every monday morning", title: "Report", due: "2026-11-23T09:00", rule: "FREQ=WEEKLY;BYDAY=MO" },
  { text: "Yoga on mondays", title: "Yoga", due: "2026-11-23", rule: "FREQ=WEEKLY;BYDAY=MO" },
  {
    text: "Piano lessons on tuesdays and thursdays",
    title: "Piano lessons",
    due: "2026-11-19",
    rule: "FREQ=WEEKLY;BYDAY=TU,TH"
  },
  { text: "every day", title: "", due: "2026-11-18", rule: "FREQ=DAILY" },
  { text: "Read for 30 minutes every day", title: "Read for 30 minutes", due: "2026-11-18", rule: "FREQ=DAILY" },
  { text: "Run 5k every other day at 6am", title: "Run 5k", due: "2026-11-19T06:00", rule: "FREQ=DAILY;INTERVAL=2" },
  { text: "Write journal every night at 10pm", title: "Write journal", due: "2026-11-18T22:00", rule: "FREQ=DAILY" },
  {
    text: "Take out recycling every other thursday",
    title: "Take out recycling",
    due: "2026-11-19",
    rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"
  },
  {
    text: "Grocery shopping every saturday morning @errands",
    title: "Grocery shopping",
    due: "2026-11-21T09:00",
    rule: "FREQ=WEEKLY;BYDAY=SA",
    tags: ["errands"]
  },
  { text: "Laundry every sunday evening", title: "Laundry", due: "2026-11-22T19:00", rule: "FREQ=WEEKLY;BYDAY=SU" },
  {
    text: "Email weekly update every friday at 4pm",
    title: "Email weekly update",
    due: "2026-11-20T16:00",
    rule: "FREQ=WEEKLY;BYDAY=FR"
  },
  {
    text: "Submit timesheet every friday by 5pm",
    title: "Submit timesheet",
    due: "2026-11-20T17:00",
    rule: "FREQ=WEEKLY;BYDAY=FR"
  },
  {
    text: "Team retro every 2 weeks on thursday at 3pm",
    title: "Team retro",
    due: "2026-11-19T15:00",
    rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"
  },
  {
    text: "Clean bathroom every 2 weeks on saturday",
    title: "Clean bathroom",
    due: "2026-11-21",
    rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"
  },
  { text: "Standup weekdays at 9:15", title: "Standup", due: "2026-11-19T09:15", rule: WEEKDAYS },
  {
    text: "Water the plants every monday, then feed the cat",
    title: "Water the plants then feed the cat",
    due: "2026-11-23",
    rule: "FREQ=WEEKLY;BYDAY=MO"
  },
  {
    text: "Standup every weekday except friday",
    title: "Standup",
    due: "2026-11-18",
    rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH"
  },
  {
    text: "Walk the dog every day except sunday",
    title: "Walk the dog",
    due: "2026-11-18",
    rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA"
  },

  // Recurrence: months and years
  { text: "Invoice every month", title: "Invoice", due: "2026-11-18", rule: "FREQ=MONTHLY" },
  { text: "Invoice monthly", title: "Invoice", due: "2026-11-18", rule: "FREQ=MONTHLY" },
  {
    text: "Pay credit card on the 25th of every month",
    title: "Pay credit card",
    due: "2026-11-25",
    rule: "FREQ=MONTHLY;BYMONTHDAY=25"
  },
  {
    text: "Backup laptop every 1st of the month",
    title: "Backup laptop",
    due: "2026-12-01",
    rule: "FREQ=MONTHLY;BYMONTHDAY=1"
  },
  {
    text: "Review goals on the last day of every month",
    title: "Review goals",
    due: "2026-11-30",
    rule: "FREQ=MONTHLY;BYMONTHDAY=-1"
  },
  {
    text: "Submit quarterly report every 3 months on the last day",
    title: "Submit quarterly report",
    due: "2026-11-30",
    rule: "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"
  },
  {
    text: "Pay water bill every 2 months on the 10th",
    title: "Pay water bill",
    due: "2026-12-10",
    rule: "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=10"
  },
  { text: "Payday every 2nd and 4th tuesday", title: "Payday", due: "2026-11-24", rule: "FREQ=MONTHLY;BYDAY=2TU,4TU" },
  { text: "Budget review every 2 months", title: "Budget review", due: "2026-11-18", rule: "FREQ=MONTHLY;INTERVAL=2" },
  {
    text: "Dentist checkup every 3 months",
    title: "Dentist checkup",
    due: "2026-11-18",
    rule: "FREQ=MONTHLY;INTERVAL=3"
  },
  { text: "Car service every 6 months", title: "Car service", due: "2026-11-18", rule: "FREQ=MONTHLY;INTERVAL=6" },
  { text: "Pay rent every 1st", title: "Pay rent", due: "2026-12-01", rule: "FREQ=MONTHLY;BYMONTHDAY=1" },
  { text: "Payday every 15th", title: "Payday", due: "2026-12-15", rule: "FREQ=MONTHLY;BYMONTHDAY=15" },
  { text: "Payday every 27th", title: "Payday", due: "2026-11-27", rule: "FREQ=MONTHLY;BYMONTHDAY=27" },
  { text: "Invoices every 1st and 15th", title: "Invoices", due: "2026-12-01", rule: "FREQ=MONTHLY;BYMONTHDAY=1,15" },
  { text: "Pay card every last day", title: "Pay card", due: "2026-11-30", rule: "FREQ=MONTHLY;BYMONTHDAY=-1" },
  {
    text: "Pay card every last day of the month",
    title: "Pay card",
    due: "2026-11-30",
    rule: "FREQ=MONTHLY;BYMONTHDAY=-1"
  },
  {
    text: "Close books every month on the last day",
    title: "Close books",
    due: "2026-11-30",
    rule: "FREQ=MONTHLY;BYMONTHDAY=-1"
  },
  {
    text: "Pay bills every month on the 2nd to last day",
    title: "Pay bills",
    due: "2026-11-29",
    rule: "FREQ=MONTHLY;BYMONTHDAY=-2"
  },
  { text: "Rent every 1st of the month", title: "Rent", due: "2026-12-01", rule: "FREQ=MONTHLY;BYMONTHDAY=1" },
  { text: "Rent every first day of the month", title: "Rent", due: "2026-12-01", rule: "FREQ=MONTHLY;BYMONTHDAY=1" },
  {
    text: "Pay rent every month on the 1st 9am",
    title: "Pay rent",
    due: "2026-12-01T09:00",
    rule: "FREQ=MONTHLY;BYMONTHDAY=1"
  },
  {
    text: "pay rent on the 1st of every month at 9am",
    title: "pay rent",
    due: "2026-12-01T09:00",
    rule: "FREQ=MONTHLY;BYMONTHDAY=1"
  },
  {
    text: "Pay rent on the first of every month",
    title: "Pay rent",
    due: "2026-12-01",
    rule: "FREQ=MONTHLY;BYMONTHDAY=1"
  },
  {
    text: "Invoices the 1st and 15th of each month",
    title: "Invoices",
    due: "2026-12-01",
    rule: "FREQ=MONTHLY;BYMONTHDAY=1,15"
  },
  {
    text: "Newsletter every 2 months on the 15th",
    title: "Newsletter",
    due: "2026-12-15",
    rule: "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15"
  },
  { text: "Team sync every 2nd monday", title: "Team sync", due: "2026-12-14", rule: "FREQ=MONTHLY;BYDAY=2MO" },
  {
    text: "Team sync every 2nd monday of the month",
    title: "Team sync",
    due: "2026-12-14",
    rule: "FREQ=MONTHLY;BYDAY=2MO"
  },
  { text: "Review every last friday", title: "Review", due: "2026-11-27", rule: "FREQ=MONTHLY;BYDAY=-1FR" },
  {
    text: "Board meeting every first monday",
    title: "Board meeting",
    due: "2026-12-07",
    rule: "FREQ=MONTHLY;BYDAY=1MO"
  },
  { text: "Book club every 3rd thursday", title: "Book club", due: "2026-11-19", rule: "FREQ=MONTHLY;BYDAY=3TH" },
  {
    text: "Meetup every 1st and 3rd wednesday",
    title: "Meetup",
    due: "2026-11-18",
    rule: "FREQ=MONTHLY;BYDAY=1WE,3WE"
  },
  {
    text: "Quarterly review every 3rd friday of jan, apr, jul, oct",
    title: "Quarterly review",
    due: "2027-01-15",
    rule: "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY=3FR"
  },
  {
    text: "Thanksgiving every 4th thursday of november",
    title: "Thanksgiving",
    due: "2026-11-26",
    rule: "FREQ=MONTHLY;BYMONTH=11;BYDAY=4TH"
  },
  { text: "Birthday every year", title: "Birthday", due: "2026-11-18", rule: "FREQ=YEARLY" },
  { text: "Birthday yearly", title: "Birthday", due: "2026-11-18", rule: "FREQ=YEARLY" },
  { text: "Renew license annually", title: "Renew license", due: "2026-11-18", rule: "FREQ=YEARLY" },
  {
    text: "Pay insurance every year on jan 15",
    title: "Pay insurance",
    due: "2027-01-15",
    rule: "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=15"
  },
  {
    text: "Christmas every dec 25",
    title: "Christmas",
    due: "2026-12-25",
    rule: "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"
  },
  {
    text: "Anniversary every 27 jan",
    title: "Anniversary",
    due: "2027-01-27",
    rule: "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=27"
  },
  {
    text: "Mom's birthday every year on 3 march",
    title: "Mom's birthday",
    due: "2027-03-03",
    rule: "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3"
  },
  {
    text: "Clean gutters every year on april 1",
    title: "Clean gutters",
    due: "2027-04-01",
    rule: "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1"
  },
  {
    text: "Gifts every 24th of december",
    title: "Gifts",
    due: "2026-12-24",
    rule: "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24"
  },

  // Recurrence: completion, starts and ends
  {
    text: "Water plants every! 3 days",
    title: "Water plants",
    due: "2026-11-18",
    rule: "FREQ=DAILY;INTERVAL=3",
    mode: "completion"
  },
  {
    text: "Haircut every! 4 weeks",
    title: "Haircut",
    due: "2026-11-18",
    rule: "FREQ=WEEKLY;INTERVAL=4",
    mode: "completion"
  },
  {
    text: "Change filter every! month",
    title: "Change filter",
    due: "2026-11-18",
    rule: "FREQ=MONTHLY",
    mode: "completion"
  },
  {
    text: "Clean fridge every 2 weeks after completion",
    title: "Clean fridge",
    due: "2026-11-18",
    rule: "FREQ=WEEKLY;INTERVAL=2",
    mode: "completion"
  },
  {
    text: "Pay card every month on the last day until march",
    title: "Pay card",
    due: "2026-11-30",
    rule: "FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20270331"
  },
  {
    text: "Physio every monday until dec 31",
    title: "Physio",
    due: "2026-11-23",
    rule: "FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231"
  },
  {
    text: "Standup every weekday until 2027-06-30",
    title: "Standup",
    due: "2026-11-18",
    rule: `${WEEKDAYS};UNTIL=20270630`
  },
  {
    text: "Antibiotics every day until sunday",
    title: "Antibiotics",
    due: "2026-11-18",
    rule: "FREQ=DAILY;UNTIL=20261122"
  },
  { text: "Lessons every monday 5 times", title: "Lessons", due: "2026-11-23", rule: "FREQ=WEEKLY;BYDAY=MO;COUNT=5" },
  { text: "Pills every day for 10 times", title: "Pills", due: "2026-11-18", rule: "FREQ=DAILY;COUNT=10" },
  { text: "Pills every day for 2 weeks", title: "Pills", due: "2026-11-18", rule: "FREQ=DAILY;UNTIL=20261201" },
  {
    text: "Report every monday at 9am for 4 weeks",
    title: "Report",
    due: "2026-11-23T09:00",
    rule: "FREQ=WEEKLY;BYDAY=MO;UNTIL=20261220"
  },
  { text: "Report every monday starting dec 7", title: "Report", due: "2026-12-07", rule: "FREQ=WEEKLY;BYDAY=MO" },
  { text: "Report every monday starting dec 8", title: "Report", due: "2026-12-14", rule: "FREQ=WEEKLY;BYDAY=MO" },
  { text: "Run every 14 days starting dec 1", title: "Run", due: "2026-12-01", rule: "FREQ=DAILY;INTERVAL=14" },
  {
    text: "Dentist every 6 months starting jan 10",
    title: "Dentist",
    due: "2027-01-10",
    rule: "FREQ=MONTHLY;INTERVAL=6"
  },
  {
    text: "Training every day starting dec 1 ending dec 20",
    title: "Training",
    due: "2026-12-01",
    rule: "FREQ=DAILY;UNTIL=20261220"
  },
  {
    text: "Gym every mon, wed and fri at 7am until march",
    title: "Gym",
    due: "2026-11-20T07:00",
    rule: "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270331"
  },
  { text: "Take vitamins daily at 8am", title: "Take vitamins", due: "2026-11-19T08:00", rule: "FREQ=DAILY" },
  {
    text: "Water plants daily #garden",
    title: "Water plants",
    due: "2026-11-18",
    rule: "FREQ=DAILY",
    tags: ["garden"]
  },

  // Recurrence the RRULE subset cannot say: stays in the title rather than becoming a wrong rule
  untouched("Stretch every hour"),
  untouched("Drink water every 2 hours"),
  untouched("Check mail hourly"),
  untouched("Ping server every 30 minutes"),
  untouched("Send invoices every last workday"),

  // Tags
  { text: "Buy milk #errands", title: "Buy milk", tags: ["errands"] },
  { text: "Buy milk @errands", title: "Buy milk", tags: ["errands"] },
  { text: "Plan trip #travel #family", title: "Plan trip", tags: ["travel", "family"] },
  { text: "Call plumber @home @phone", title: "Call plumber", tags: ["home", "phone"] },
  { text: "Draft post #side-project", title: "Draft post", tags: ["side-project"] },
  { text: "Buy croissants #café", title: "Buy croissants", tags: ["café"] },
  { text: "#work Prepare slides", title: "Prepare slides", tags: ["work"] },
  { text: "Read #reading book #READING", title: "Read book #READING", tags: ["reading"] },
  untouched("Fix issue #123"),
  untouched("Learn C#"),

  // Priorities
  { text: "Fix prod p1", title: "Fix prod", priority: "urgent" },
  { text: "Fix prod p2", title: "Fix prod", priority: "high" },
  { text: "Fix prod p3", title: "Fix prod", priority: "medium" },
  { text: "Fix prod p4", title: "Fix prod", priority: "none" },
  { text: "Fix prod P1", title: "Fix prod", priority: "urgent" },
  { text: "p2 Call the bank", title: "Call the bank", priority: "high" },
  { text: "Fix prod !urgent", title: "Fix prod", priority: "urgent" },
  { text: "Fix prod !high", title: "Fix prod", priority: "high" },
  { text: "Fix prod !medium", title: "Fix prod", priority: "medium" },
  { text: "Fix prod !low", title: "Fix prod", priority: "low" },
  { text: "Fix prod !LOW", title: "Fix prod", priority: "low" },
  { text: "Fix prod !none", title: "Fix prod", priority: "none" },
  { text: "Fix prod p1 p3", title: "Fix prod p3", priority: "urgent" },
  untouched("Upgrade p5 cluster"),
  untouched("Research P2P sync"),

  // Reminders
  {
    text: "Dentist tomorrow 9am remind 30m before",
    title: "Dentist",
    due: "2026-11-19T09:00",
    reminders: [30]
  },
  {
    text: "Dentist tomorrow 9am remind me 1 hour before",
    title: "Dentist",
    due: "2026-11-19T09:00",
    reminders: [60]
  },
  {
    text: "Dentist tomorrow 9am remind me an hour before",
    title: "Dentist",
    due: "2026-11-19T09:00",
    reminders: [60]
  },
  { text: "Dentist tomorrow 9am reminder 1h before", title: "Dentist", due: "2026-11-19T09:00", reminders: [60] },
  { text: "Dentist tomorrow remind 1d before", title: "Dentist", due: "2026-11-19", reminders: [1440] },
  {
    text: "Flight dec 20 at 6:45am remind me 2 days before",
    title: "Flight",
    due: "2026-12-20T06:45",
    reminders: [2880]
  },
  { text: "Exam dec 10 remind me 1 week before", title: "Exam", due: "2026-12-10", reminders: [10080] },
  {
    text: "Dentist tomorrow 9am remind 15 minutes before remind 1d before",
    title: "Dentist",
    due: "2026-11-19T09:00",
    reminders: [15, 1440]
  },
  {
    text: "Call mom tomorrow 5pm remind me at 4pm",
    title: "Call mom",
    due: "2026-11-19T17:00",
    reminders: ["2026-11-19T16:00"]
  },
  { text: "Pay bills remind me at 8am", title: "Pay bills", reminders: ["2026-11-19T08:00"] },
  {
    text: "Pay bills friday remind me thursday at 6pm",
    title: "Pay bills",
    due: "2026-11-20",
    reminders: ["2026-11-19T18:00"]
  },
  { text: "Renew passport remind me tomorrow at 9am", title: "Renew passport", reminders: ["2026-11-19T09:00"] },
  {
    text: "Standup every weekday at 9:30 remind me 5 min before",
    title: "Standup",
    due: "2026-11-19T09:30",
    rule: WEEKDAYS,
    reminders: [5]
  },
  // No due to be relative to: the phrase stays in the title instead of failing the save.
  untouched("Call mom remind me 30m before"),
  untouched("Remind Sam about the party"),
  untouched("Remind me to buy milk"),

  // Combinations
  {
    text: "Pay rent every month on the 1st 9am #home !high",
    title: "Pay rent",
    due: "2026-12-01T09:00",
    rule: "FREQ=MONTHLY;BYMONTHDAY=1",
    tags: ["home"],
    priority: "high"
  },
  {
    text: "Pay rent every month on the 1st 9am #home !high remind 30m before",
    title: "Pay rent",
    due: "2026-12-01T09:00",
    rule: "FREQ=MONTHLY;BYMONTHDAY=1",
    tags: ["home"],
    priority: "high",
    reminders: [30]
  },
  {
    text: "Pay rent on the 1st of every month at 9am, remind me a day before",
    title: "Pay rent",
    due: "2026-12-01T09:00",
    rule: "FREQ=MONTHLY;BYMONTHDAY=1",
    reminders: [1440]
  },
  {
    text: "Call Bob about the garden tomorrow 5pm p1",
    title: "Call Bob about the garden",
    due: "2026-11-19T17:00",
    priority: "urgent"
  },
  {
    text: "Ship the release today #work p1",
    title: "Ship the release",
    due: "2026-11-18",
    tags: ["work"],
    priority: "urgent"
  },
  {
    text: "Water plants every day #garden !high remind 30m before",
    title: "Water plants",
    due: "2026-11-18",
    rule: "FREQ=DAILY",
    tags: ["garden"],
    priority: "high",
    reminders: [30]
  },
  {
    text: "Standup today 9:30 #work p1",
    title: "Standup",
    due: "2026-11-18T09:30",
    tags: ["work"],
    priority: "urgent"
  },
  {
    text: "Submit expense report every last day of the month at 5pm #work p2 remind me 1 day before",
    title: "Submit expense report",
    due: "2026-11-30T17:00",
    rule: "FREQ=MONTHLY;BYMONTHDAY=-1",
    tags: ["work"],
    priority: "high",
    reminders: [1440]
  },
  {
    text: "Team sync every 2nd monday of the month at 10am #team p3",
    title: "Team sync",
    due: "2026-12-14T10:00",
    rule: "FREQ=MONTHLY;BYDAY=2MO",
    tags: ["team"],
    priority: "medium"
  },
  {
    text: "Quarterly taxes every 3rd friday of jan, apr, jul, oct #finance p1 remind me 1 week before",
    title: "Quarterly taxes",
    due: "2027-01-15",
    rule: "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY=3FR",
    tags: ["finance"],
    priority: "urgent",
    reminders: [10080]
  },
  { text: "Call mom, tomorrow evening, #family", title: "Call mom", due: "2026-11-19T19:00", tags: ["family"] },
  { text: "Standup - every weekday at 9:30", title: "Standup", due: "2026-11-19T09:30", rule: WEEKDAYS },
  {
    text: "Buy flowers on saturday @errands !medium",
    title: "Buy flowers",
    due: "2026-11-21",
    tags: ["errands"],
    priority: "medium"
  },
  {
    text: "Review PRs every weekday at 4pm #work until dec 31",
    title: "Review PRs",
    due: "2026-11-18T16:00",
    rule: `${WEEKDAYS};UNTIL=20261231`,
    tags: ["work"]
  },
  {
    text: "Gym on mondays and thursdays at 7am #health",
    title: "Gym",
    due: "2026-11-19T07:00",
    rule: "FREQ=WEEKLY;BYDAY=MO,TH",
    tags: ["health"]
  },
  {
    text: "Prep slides for the board meeting next fri at 2pm #work p2",
    title: "Prep slides for the board meeting",
    due: "2026-11-20T14:00",
    tags: ["work"],
    priority: "high"
  },
  { text: "Read “Deep Work” #books !low", title: "Read “Deep Work”", tags: ["books"], priority: "low" },
  { text: "Read next week magazine #books", title: "Read magazine", due: "2026-11-23", tags: ["books"] },
  { text: "Holiday party dec 18 6pm #work", title: "Holiday party", due: "2026-12-18T18:00", tags: ["work"] },
  { text: "Alice's secret plan today #private", title: "Alice's secret plan", due: "2026-11-18", tags: ["private"] },

  // Ordinary titles: nothing to read
  untouched("Read 1984"),
  untouched("Call Mike at the office"),
  untouched("Call mom about monday meeting"),
  untouched("Read every word"),
  untouched("Plan next steps"),
  untouched("Buy 5 apples"),
  untouched("Email the team on time"),
  untouched("March for science"),
  untouched("Write weekly report"),
  untouched("Update the monthly budget"),
  untouched("Daily standup notes"),
  untouched("Watch Ocean's 11"),
  untouched("Review chapter 11"),
  untouched("Wait in line"),
  untouched("Meet at the park"),
  untouched("Morning run"),
  untouched("Evening walk with the dog"),
  untouched("Sunday school prep"),
  untouched("Monday standup notes"),
  untouched("Mondays are hard"),
  untouched("Write tomorrow's agenda"),
  untouched("Prep Monday's slides"),
  untouched("Read 1/2 of the book"),
  untouched("Pay 50 euros to Ann"),
  untouched("Room 101 cleanup"),
  untouched("Top 10 albums of the year"),
  untouched("Weekend plans"),
  untouched("Meet on the 5th floor"),
  untouched("Order in 2 batches"),
  untouched("Call Jan"),
  untouched("Email May about the report"),
  untouched("Every little thing"),
  untouched("Finish the 5th chapter"),
  untouched("Buy a new weekly planner"),
  untouched("Book a table for 4"),
  untouched("Replace 9 volt battery"),
  untouched("Buy milk and eggs")
]
