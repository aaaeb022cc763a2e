// The one icon set (lucide-preact, ISC, tree-shaken per icon). Screens import icons from here so
// the set stays one kept library and a swap is one file.
export {
  ArrowRight, ArrowRightLeft, AtSign, Briefcase, Building, Calendar, CalendarDays, Check, ChevronDown,
  ChevronRight, ChevronUp, CircleAlert, CircleCheck, Clock, Ellipsis, ExternalLink, Globe, Handshake, Hash,
  Inbox, Info, Link, ListTodo, LoaderCircle, Mail, MessageSquare, Moon, Pencil, Phone, PhoneOutgoing, Plus, Search,
  Settings, StickyNote, Sun, Tag, Target, Trash, TriangleAlert, Trophy, Undo2, User, UserPlus, Users, X,
} from 'lucide-preact';
export type { LucideIcon } from 'lucide-preact';
