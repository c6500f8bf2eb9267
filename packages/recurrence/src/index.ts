export { layerRecurrenceConsumer } from "./RecurrenceConsumer.ts"
