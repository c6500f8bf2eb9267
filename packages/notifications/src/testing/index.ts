// Real peers for tests of notification delivery: an SMTP listener and a Web Push endpoint that decrypts.
export { type Device, PushEndpoint, type ReceivedPush } from "./PushEndpoint.ts"
export { type CapturedEmail, mailedToken, SmtpCapture } from "./SmtpCapture.ts"
