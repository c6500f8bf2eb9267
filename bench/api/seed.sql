-- Seeds :users users × :per_user tasks. Users named bench-user-<n>; the first ones are replaced by
-- real signed-up account ids before this runs (see run.ts), so those users can be loaded over HTTP.
-- Runs in batches of users so psql prints progress.
\set ON_ERROR_STOP on
insert into tags (id, user_id, name, key)
select gen_random_uuid(), u.user_id, t.name, t.name
from bench_users u cross join (values ('work'), ('home'), ('errands'), ('health'), ('someday')) as t(name)
where u.n between :lo and :hi
on conflict (user_id, key) do nothing;

insert into tasks (id, user_id, title, description, status, priority, due_kind, due_date, due_at,
                   created_at, updated_at, completed_at)
select gen_random_uuid(), u.user_id,
  (array['Pay','Call','Write','Review','Plan','Buy','Fix','Email','Book','Clean','Prepare','Read'])[1 + (i % 12)]
    || ' ' ||
  (array['rent','mom','report','invoice','trip','groceries','bike','dentist','slides','garage','taxes','book',
         'budget','meeting','proposal','car'])[1 + ((i / 12) % 16)] || ' #' || i,
  case when i % 3 = 0 then 'Notes about the ' ||
    (array['quarterly numbers','weekend plans','project kickoff','insurance renewal','marathon training'])[1 + (i % 5)]
    else '' end,
  case when i % 5 = 0 then 'completed' else 'open' end,
  (i % 5)::smallint,
  case when i % 4 = 0 then null else 'date' end,
  case when i % 4 = 0 then null else to_char(current_date + ((i % 120) - 60), 'YYYY-MM-DD') end,
  case when i % 4 = 0 then null else (current_date + ((i % 120) - 60) + 1)::timestamptz - interval '1 millisecond' end,
  now() - make_interval(mins => i), now() - make_interval(mins => i),
  case when i % 5 = 0 then now() - make_interval(mins => i / 2) end
from bench_users u cross join generate_series(1, :per_user) as i
where u.n between :lo and :hi;

insert into task_tags (task_id, tag_id)
select t.id, g.id
from tasks t join bench_users u on u.user_id = t.user_id and u.n between :lo and :hi
join tags g on g.user_id = t.user_id
  and g.key = (array['work','home','errands','health','someday'])[1 + (abs(hashtext(t.id::text)) % 5)]
where abs(hashtext(t.id::text)) % 2 = 0;
