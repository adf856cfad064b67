<?php
// old: define('CIVICRM_DSN', 'mysql://x'); ?> <?php
define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
